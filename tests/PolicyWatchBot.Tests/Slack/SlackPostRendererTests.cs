using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Slack;

public sealed class SlackPostRendererTests
{
    [Fact]
    public void Render_Alert_LinkedBoldTitleContextSummaryIdAndButtons()
    {
        var json = SlackTestData.Json(SlackPostRenderer.Render(SlackTestData.Alert()));
        var texts = SlackTestData.Texts(json).ToList();

        SlackTestData.AssertWithinLimits(json);
        Assert.Contains("New: *<https://www.federalregister.gov/d/2024-00190|Entity List additions>*", texts);
        Assert.Contains(texts, t => t.StartsWith("BIS rules · Rule · Industry and Security Bureau · published 2024-01-08 · effective 2024-01-08 · 15 CFR 744 · docket 240104-0001", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("*advanced computing*", StringComparison.Ordinal) && t.Contains("*semiconductor*", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("`PW-3F9K` · matched *ai-chips*", StringComparison.Ordinal));
        Assert.Equal("New: Entity List additions (PW-3F9K)", json.GetProperty("text").GetString());
    }

    [Fact]
    public void Render_OnPublicInspection_ContextSaysFiledAndToBePublished()
    {
        var alert = SlackTestData.Alert() with { OnPublicInspection = true, FiledOn = new DateOnly(2024, 1, 5) };

        var texts = SlackTestData.Texts(SlackTestData.Json(SlackPostRenderer.Render(alert))).ToList();

        Assert.Contains(texts, t => t.Contains("· filed for public inspection on 2024-01-05, to be published on 2024-01-08 ·", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("published 2024-01-08", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Alert_ButtonsCarryTheSharedPayloads()
    {
        var json = SlackTestData.Json(SlackPostRenderer.Render(SlackTestData.Alert()));
        var buttons = json.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "actions")
            .GetProperty("elements").EnumerateArray().ToList();

        Assert.Equal(["Acknowledge", "Mute rule 24h", "Mute feed 24h", "Open source"], buttons.Select(b => b.GetProperty("text").GetProperty("text").GetString()));
        Assert.Equal("pw:ack:PW-3F9K", buttons[0].GetProperty("value").GetString());
        Assert.True(ButtonPayload.TryParse(buttons[1].GetProperty("value").GetString(), out var command));
        Assert.IsType<ChatCommand.MuteAlertRules>(command);
        Assert.Equal("https://www.federalregister.gov/d/2024-00190", buttons[3].GetProperty("url").GetString());
    }

    [Fact]
    public void Render_FeedTitleWithMentionsAndForgedLink_PostedInert()
    {
        var alert = SlackTestData.Alert(title: "<!channel> <!here> <@U123> read <https://evil|click>", summary: "Also <!everyone> and <#C999>.");

        var json = SlackTestData.Json(SlackPostRenderer.Render(alert));
        var all = string.Join('\n', SlackTestData.Texts(json));

        Assert.DoesNotContain("<!", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<#", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil", all, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; read &lt;https://evil¦click&gt;", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HugeSummaryAndTitle_CutToTheLimits()
    {
        var alert = SlackTestData.Alert(title: new string('T', 5000), summary: string.Concat(Enumerable.Repeat("semiconductor & <b> export ", 1000)));

        var json = SlackTestData.Json(SlackPostRenderer.Render(alert));

        SlackTestData.AssertWithinLimits(json);
        Assert.Contains(SlackTestData.Texts(json), t => t.EndsWith('…'));
    }

    [Fact]
    public void Render_ChangedItem_WhatChangedSection()
    {
        var alert = SlackTestData.Alert() with { Kind = RevisionKind.Changed, Changes = [new FieldChange("comments close", "2024-02-01", "2024-03-01")], FirstAlertId = "PW-0001" };

        var texts = SlackTestData.Texts(SlackTestData.Json(SlackPostRenderer.Render(alert))).ToList();

        Assert.Contains("*What changed*\n• comment period extended from 2024-02-01 to 2024-03-01", texts);
        Assert.Contains(texts, t => t.Contains("follows `PW-0001`", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_AcknowledgedAlert_ShowsWhoAndNoAcknowledgeButton()
    {
        var alert = SlackTestData.Alert() with { Acknowledged = new Acknowledgement(new Actor("U1", "alice <!channel>"), new DateTimeOffset(2024, 2, 1, 9, 0, 0, TimeSpan.Zero), "sent to legal") };

        var json = SlackTestData.Json(SlackPostRenderer.Render(alert));
        var texts = SlackTestData.Texts(json).ToList();

        Assert.Contains(":white_check_mark: acknowledged by alice &lt;!channel&gt; at 2024-02-01 09:00 UTC: sent to legal", texts);
        Assert.DoesNotContain("Acknowledge", texts);
    }

    [Fact]
    public void Render_DigestOfFiveHundredAlerts_WithinLimitsAndCountsTheRest()
    {
        var digest = AlertDigest.Create(DigestReason.Flood, Enumerable.Range(0, 500).Select(i => SlackTestData.Alert(AlertId.FromSequence(i + 1), $"Item {i} " + new string('x', 400)))) with { DigestId = "PWG-7QX2" };

        var json = SlackTestData.Json(SlackPostRenderer.Render(digest));
        var texts = SlackTestData.Texts(json).ToList();

        SlackTestData.AssertWithinLimits(json);
        Assert.StartsWith("*500 alerts from one poll, grouped* · `PWG-7QX2`", texts[1], StringComparison.Ordinal);
        Assert.Contains(texts, t => t.Contains("more; `muted` and `status` list them.", StringComparison.Ordinal));
        Assert.Contains("Acknowledge all", texts);
    }

    [Fact]
    public void RenderPlain_Alert_NoBlocksEscapedWithTheCommandsToType()
    {
        var message = SlackPostRenderer.RenderPlain(SlackTestData.Alert(title: "<!channel> rule"));

        Assert.Null(message.Blocks);
        Assert.Contains("&lt;!channel&gt; rule", message.Text, StringComparison.Ordinal);
        Assert.Contains("act: ack PW-3F9K", message.Text, StringComparison.Ordinal);
    }
}
