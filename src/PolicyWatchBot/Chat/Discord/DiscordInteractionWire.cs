using System.Text.Json;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>The fields of an incoming interaction the bot reads (Discord sends many more).</summary>
internal static class DiscordInteractionWire
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int Autocomplete = 4;

    internal sealed class Interaction
    {
        public string? Id { get; init; }
        public int Type { get; init; }
        public Data? Data { get; init; }
        public string? GuildId { get; init; }
        public string? ChannelId { get; init; }
        public Channel? Channel { get; init; }
        public Member? Member { get; init; }
        public User? User { get; init; }
        public string? Token { get; init; }
    }

    internal sealed class Data
    {
        public string? Name { get; init; }
        public string? CustomId { get; init; }
        public List<InteractionOption?>? Options { get; init; }

        /// <summary>The users and roles named by mentionable options, by id.</summary>
        public Resolved? Resolved { get; init; }
    }

    internal sealed class Resolved
    {
        public Dictionary<string, JsonElement>? Users { get; init; }
        public Dictionary<string, JsonElement>? Roles { get; init; }
    }

    /// <summary>A subcommand, a group, or a value (string, integer, ...); <c>focused</c> marks the one being typed.</summary>
    internal sealed class InteractionOption
    {
        public string Name { get; init; } = "";
        public int Type { get; init; }
        public JsonElement? Value { get; init; }
        public List<InteractionOption?>? Options { get; init; }
        public bool? Focused { get; init; }
    }

    internal sealed class Channel
    {
        public string? Name { get; init; }
    }

    /// <summary>A guild member; <c>permissions</c> are theirs in this channel, overwrites included.</summary>
    internal sealed class Member
    {
        public User? User { get; init; }
        public string? Nick { get; init; }
        public string? Permissions { get; init; }
    }

    internal sealed class User
    {
        public string? Id { get; init; }
        public string? Username { get; init; }
        public string? GlobalName { get; init; }
    }
}
