using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Tests.Core.Alerts;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>Alerts and digests as Discord embeds: fields, buttons, limits and no mentions.</summary>
public sealed class DiscordPostRendererTests
{
    private static readonly AlertMessage Alert = new()
    {
        AlertId = "PW-3F9K",
        Kind = RevisionKind.New,
        ItemKey = "fr:2024-00190",
        FeedId = "fr-bis",
        FeedTitle = "BIS in the Federal Register",
        Title = "Implementation of Additional Export Controls @everyone",
        Link = "https://www.federalregister.gov/d/2024-00190",
        DocumentType = "Rule",
        Agencies = ["Industry and Security Bureau"],
        PublishedOn = new DateOnly(2024, 1, 8),
        EffectiveOn = new DateOnly(2024, 2, 7),
        CfrReferences = ["15 CFR 734", "15 CFR 744"],
        Summary = "This rule revises controls on advanced computing items and semiconductor manufacturing items.",
        MatchedRules = [new MatchedRule("ai-chips", ["advanced computing", "semiconductor"])
        {
            Hits = SummaryHits.Of("This rule revises controls on advanced computing items and semiconductor manufacturing items.", "advanced computing", "semiconductor"),
        }],
    };

    [Fact]
    public void Render_Alert_EmbedTitleLinksTheSourceWithFieldsFooterAndRuleColour()
    {
        var embed = Embed(Alert);

        Assert.Equal(Alert.Link, embed["url"]!.GetValue<string>());
        Assert.Equal(0xC0392B, embed["color"]!.GetValue<int>());
        Assert.Contains("Implementation of Additional Export Controls", embed["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var fields = embed["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Contains("fr-bis", fields["Feed"], StringComparison.Ordinal);
        Assert.Equal("Rule", fields["Type"]);
        Assert.Equal("Industry and Security Bureau", fields["Agency"]);
        Assert.Equal("2024-01-08", fields["Published"]);
        Assert.Equal("2024-02-07", fields["Effective"]);
        Assert.Equal("15 CFR 734, 15 CFR 744", fields["CFR"]);
        Assert.Contains("**ai\\-chips**", fields["Matched"], StringComparison.Ordinal);
        Assert.Equal("PW-3F9K · fr:2024-00190", embed["footer"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Render_OnPublicInspection_FiledAndToBePublishedNoPublishedField()
    {
        var embed = Embed(Alert with { OnPublicInspection = true, FiledOn = new DateOnly(2024, 1, 5) });

        var fields = embed["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("filed for public inspection on 2024\\-01\\-05, to be published on 2024\\-01\\-08", fields["Public inspection"]);
        Assert.False(fields.ContainsKey("Published"));
    }

    [Fact]
    public void Render_SignificantRuleWithRin_TypeSaysSignificantAndRinHasItsOwnField()
    {
        var embed = Embed(Alert with { Significant = true, Dockets = ["BIS-2024-0001"], Rins = ["0694-AJ35"] });

        var fields = embed["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("Rule \\(significant\\)", fields["Type"]);
        Assert.Equal("BIS\\-2024\\-0001", fields["Docket"]);
        Assert.Equal("0694\\-AJ35", fields["RIN"]);
    }

    [Fact]
    public void Render_Alert_MatchedTermsBoldInTheSummary()
    {
        var description = Embed(Alert)["description"]!.GetValue<string>();

        Assert.Contains("**advanced computing**", description, StringComparison.Ordinal);
        Assert.Contains("**semiconductor**", description, StringComparison.Ordinal);
        Assert.DoesNotContain("**controls**", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Alert_AllowedMentionsEmptyAndFeedTextCannotMention()
    {
        var json = Json(Alert);

        Assert.Empty(json["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Contains("\\@everyone", json["embeds"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Alert_ThreeButtonsWithPayloadIdsAndALinkToTheSource()
    {
        var buttons = Json(Alert)["components"]![0]!["components"]!.AsArray();

        Assert.Equal(["pw:ack:PW-3F9K", "pw:mute-rule:PW-3F9K", "pw:mute-feed:PW-3F9K"],
            buttons.Where(b => b!["custom_id"] is not null).Select(b => b!["custom_id"]!.GetValue<string>()));
        Assert.All(buttons, b => Assert.True((b!["custom_id"]?.GetValue<string>().Length ?? 0) < 100));
        var link = Assert.Single(buttons, b => b!["style"]!.GetValue<int>() == 5);
        Assert.Equal(Alert.Link, link!["url"]!.GetValue<string>());
        Assert.Equal(["Acknowledge", "Mute rule 24h", "Mute feed 24h", "Open source"], buttons.Select(b => b!["label"]!.GetValue<string>()));
    }

    [Fact]
    public void Render_AcknowledgedAlert_ShowsWhoAndDropsTheAcknowledgeButton()
    {
        var acknowledged = Alert with { Acknowledged = new Acknowledgement(new Actor("42", "alice"), new DateTimeOffset(2024, 2, 1, 9, 30, 0, TimeSpan.Zero), "sent to legal") };

        var json = Json(acknowledged);

        var field = json["embeds"]![0]!["fields"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "Acknowledged");
        Assert.Contains("alice", field!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(json["components"]![0]!["components"]!.AsArray(), b => b!["custom_id"]?.GetValue<string>() == "pw:ack:PW-3F9K");
    }

    [Fact]
    public void Render_HugeAlert_EveryEmbedLimitHeld()
    {
        var huge = Alert with
        {
            Title = new string('T', 1000),
            Summary = string.Concat(Enumerable.Repeat("A long sentence about semiconductor controls. ", 400)),
            Agencies = Enumerable.Range(0, 60).Select(i => $"Agency number {i} of the government").ToList(),
            CfrReferences = Enumerable.Range(0, 300).Select(i => $"15 CFR {i}").ToList(),
            Dockets = Enumerable.Range(0, 100).Select(i => $"BIS-2024-{i:0000}").ToList(),
            Changes = Enumerable.Range(0, 30).Select(i => new FieldChange($"field{i}", new string('o', 900), new string('n', 900))).ToList(),
            MatchedRules = Enumerable.Range(0, 40).Select(i => new MatchedRule($"rule-{i}", ["semiconductor", "controls"])).ToList(),
        };

        var message = DiscordPostRenderer.Render(huge);

        var embed = Assert.Single(message.Embeds!);
        Assert.True(embed.Title!.Length <= DiscordEmbedLimits.Title);
        Assert.True(embed.Description!.Length <= DiscordEmbedLimits.Description);
        Assert.True(embed.Fields.Count <= DiscordEmbedLimits.Fields);
        Assert.All(embed.Fields, f => Assert.True(f.Name.Length <= DiscordEmbedLimits.FieldName && f.Value.Length is > 0 and <= DiscordEmbedLimits.FieldValue));
        Assert.True(DiscordEmbedLimits.Length(embed) <= DiscordEmbedLimits.Total);
        Assert.Equal("PW-3F9K · fr:2024-00190", embed.Footer!.Text);
    }

    [Fact]
    public void Render_ChangedAlert_WhatChangedField()
    {
        var changed = Alert with { Kind = RevisionKind.Changed, Changes = [new FieldChange("comments close", "2024-02-01", "2024-03-01")], FirstAlertId = "PW-0001" };

        var embed = Embed(changed);

        Assert.StartsWith("Changed: ", embed["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var fields = embed["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("comment period extended from 2024\\-02\\-01 to 2024\\-03\\-01", fields["What changed"]);
        Assert.Contains("PW-0001", fields["Follows"], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DigestOfManyAlerts_OneEmbedWithinLimitsAndAnAcknowledgeAllButton()
    {
        var digest = AlertDigest.Create(DigestReason.Flood, Enumerable.Range(0, 200).Select(i => Alert with { AlertId = $"PW-{i:0000}", Title = $"Item {i} " + new string('x', 60) })) with { DigestId = "PWG-7QX2" };

        var json = Json(digest);

        var description = json["embeds"]![0]!["description"]!.GetValue<string>();
        Assert.True(description.Length <= DiscordEmbedLimits.Description);
        Assert.Contains("more", description, StringComparison.Ordinal);
        Assert.Contains("[Item 0", description, StringComparison.Ordinal);
        var button = Assert.Single(json["components"]![0]!["components"]!.AsArray());
        Assert.Equal("pw:ack-all:PWG-7QX2", button!["custom_id"]!.GetValue<string>());
        Assert.Empty(json["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Theory]
    [InlineData("Proposed Rule", 0xE67E22)]
    [InlineData("Notice", 0x2980B9)]
    [InlineData("Presidential Document", 0x8E44AD)]
    [InlineData(null, 0x7F8C8D)]
    public void ColorOf_DocumentType_ItsColour(string? type, int color) => Assert.Equal(color, DiscordPostRenderer.ColorOf(type));

    private static JsonObject Json(ChannelPost post) =>
        JsonNode.Parse(JsonSerializer.Serialize(DiscordPostRenderer.Render(post), DiscordJsonContext.Default.Message))!.AsObject();

    private static JsonObject Embed(ChannelPost post) => Json(post)["embeds"]![0]!.AsObject();
}
