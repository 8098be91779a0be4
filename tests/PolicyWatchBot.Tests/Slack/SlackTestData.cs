using System.Text.Json;
using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Tests.Core.Alerts;

namespace PolicyWatchBot.Tests.Slack;

internal static class SlackTestData
{
    public static AlertMessage Alert(string id = "PW-3F9K", string title = "Entity List additions", string? summary = null)
    {
        summary ??= "This rule adds entities to the Entity List for advanced computing and semiconductor activities.";
        return new AlertMessage
        {
        AlertId = id,
        Kind = RevisionKind.New,
        ItemKey = "fr:2024-00190",
        FeedId = "fr-bis",
        FeedTitle = "BIS rules",
        Title = title,
        Link = "https://www.federalregister.gov/d/2024-00190",
        DocumentType = "Rule",
        Agencies = ["Industry and Security Bureau"],
        PublishedOn = new DateOnly(2024, 1, 8),
        EffectiveOn = new DateOnly(2024, 1, 8),
        CfrReferences = ["15 CFR 744"],
        Dockets = ["240104-0001"],
        Summary = summary,
        MatchedRules = [new MatchedRule("ai-chips", ["advanced computing", "semiconductor"]) { Hits = SummaryHits.Of(summary, "advanced computing", "semiconductor") }],
        };
    }

    /// <summary>The message as Slack would receive it: the JSON of the renderer's output.</summary>
    public static JsonElement Json(SlackMessage message) =>
        JsonSerializer.SerializeToElement(new PostMessageRequest("C1", message.Text, message.Blocks, null), SlackJsonContext.Default.PostMessageRequest);

    /// <summary>Every piece of text a message shows (the fallback, and each text object's text).</summary>
    public static IEnumerable<string> Texts(JsonElement message)
    {
        yield return message.GetProperty("text").GetString()!;
        if (!message.TryGetProperty("blocks", out var blocks))
        {
            yield break;
        }

        foreach (var text in blocks.EnumerateArray().SelectMany(AllTexts))
        {
            yield return text;
        }
    }

    private static IEnumerable<string> AllTexts(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "text" && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return property.Value.GetString()!;
                }

                foreach (var text in AllTexts(property.Value))
                {
                    yield return text;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var text in element.EnumerateArray().SelectMany(AllTexts))
            {
                yield return text;
            }
        }
    }

    /// <summary>Checks Block Kit's limits on a rendered message (blocks, section/context/header text, buttons).</summary>
    public static void AssertWithinLimits(JsonElement message)
    {
        var blocks = message.GetProperty("blocks").EnumerateArray().ToList();
        Assert.InRange(blocks.Count, 1, 50);
        foreach (var block in blocks)
        {
            switch (block.GetProperty("type").GetString())
            {
                case "section":
                    Assert.InRange(block.GetProperty("text").GetProperty("text").GetString()!.Length, 1, 3000);
                    Assert.Equal("mrkdwn", block.GetProperty("text").GetProperty("type").GetString());
                    break;
                case "context":
                    var elements = block.GetProperty("elements").EnumerateArray().ToList();
                    Assert.InRange(elements.Count, 1, 10);
                    Assert.All(elements, e => Assert.InRange(e.GetProperty("text").GetString()!.Length, 1, 2000));
                    break;
                case "actions":
                    var buttons = block.GetProperty("elements").EnumerateArray().ToList();
                    Assert.InRange(buttons.Count, 1, 25);
                    Assert.All(buttons, b =>
                    {
                        Assert.Equal("button", b.GetProperty("type").GetString());
                        Assert.Equal("plain_text", b.GetProperty("text").GetProperty("type").GetString());
                        Assert.InRange(b.GetProperty("text").GetProperty("text").GetString()!.Length, 1, 75);
                        Assert.InRange(b.GetProperty("action_id").GetString()!.Length, 1, 255);
                    });
                    break;
                default:
                    Assert.Fail($"unexpected block type {block.GetProperty("type")}");
                    break;
            }
        }

        Assert.InRange(message.GetProperty("text").GetString()!.Length, 1, 4000);
    }
}
