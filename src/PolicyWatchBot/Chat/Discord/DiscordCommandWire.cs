namespace PolicyWatchBot.Chat.Discord;

/// <summary>An application command as <c>PUT /applications/{id}/commands</c> takes it.</summary>
internal static class DiscordCommandWire
{
    public const int SubCommand = 1;
    public const int SubCommandGroup = 2;
    public const int String = 3;
    public const int Integer = 4;
    public const int Boolean = 5;

    /// <summary>A user or a role, picked from Discord's list (the value is its id; <c>resolved</c> says which).</summary>
    public const int Mentionable = 9;

    internal sealed class Command
    {
        public required string Name { get; init; }
        public required string Description { get; init; }
        public int Type { get; init; } = 1;
        public required List<CommandOption> Options { get; init; }

        /// <summary>Guild only (global commands); null for guild commands, where it does not apply.</summary>
        public List<int>? Contexts { get; init; }

        public List<int>? IntegrationTypes { get; init; }
    }

    internal sealed class CommandOption
    {
        public required int Type { get; init; }
        public required string Name { get; init; }
        public required string Description { get; init; }
        public bool? Required { get; init; }
        public bool? Autocomplete { get; init; }
        public List<CommandChoice>? Choices { get; init; }
        public List<CommandOption>? Options { get; init; }
        public int? MinValue { get; init; }
        public int? MaxValue { get; init; }
        public int? MinLength { get; init; }
        public int? MaxLength { get; init; }
    }

    internal sealed class CommandChoice
    {
        public required string Name { get; init; }
        public required string Value { get; init; }
    }
}
