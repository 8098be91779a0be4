using System.Text.Json.Nodes;
using PolicyWatchBot.Chat.Discord;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>Interaction bodies shaped like Discord's, for one guild channel.</summary>
internal static class DiscordInteractions
{
    public const string Guild = "222222222222222222";
    public const string Channel = "333333333333333333";

    /// <summary>Manage Channels; View Channel alone is 1024.</summary>
    public const string Manager = "16";
    public const string Member = "1024";

    public static string Ping() => """{"id":"1","type":1,"application_id":"111111111111111111","token":"ping-token","version":1}""";

    /// <summary>A <c>/policywatch</c> command: <paramref name="path"/> is <c>subscribe</c> or <c>rule add</c>; options are name/value pairs.</summary>
    public static string Command(string path, string permissions, string token, params (string Name, JsonNode Value)[] options) =>
        Interaction(2, permissions, token, Data(path, options, focused: null));

    public static string Autocomplete(string path, string focused, params (string Name, JsonNode Value)[] options) =>
        Interaction(4, Manager, "autocomplete-token", Data(path, options, focused));

    public static string Button(string customId, string permissions, string token) =>
        Interaction(3, permissions, token, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 });

    private static JsonObject Data(string path, (string Name, JsonNode Value)[] options, string? focused)
    {
        var values = new JsonArray(options.Select(o => (JsonNode)new JsonObject
        {
            ["name"] = o.Name,
            ["type"] = o.Value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? 4 : 3,
            ["value"] = o.Value.DeepClone(),
            ["focused"] = o.Name == focused ? true : null,
        }).ToArray());
        var words = path.Split(' ');
        var sub = new JsonObject { ["name"] = words[^1], ["type"] = 1, ["options"] = values };
        JsonNode top = words.Length == 2 ? new JsonObject { ["name"] = words[0], ["type"] = 2, ["options"] = new JsonArray(sub) } : sub;
        return new JsonObject { ["id"] = "9", ["name"] = DiscordCommandDefinition.Name, ["type"] = 1, ["options"] = new JsonArray(top) };
    }

    private static string Interaction(int type, string permissions, string token, JsonObject data) => new JsonObject
    {
        ["id"] = "444444444444444444",
        ["application_id"] = FakeDiscordServer.ApplicationId,
        ["type"] = type,
        ["data"] = data,
        ["guild_id"] = Guild,
        ["channel_id"] = Channel,
        ["channel"] = new JsonObject { ["id"] = Channel, ["name"] = "export-desk" },
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = permissions == Manager ? "555555555555555555" : "666666666666666666", ["username"] = permissions == Manager ? "alice" : "bob" },
            ["permissions"] = permissions,
        },
        ["token"] = token,
        ["version"] = 1,
    }.ToJsonString();
}
