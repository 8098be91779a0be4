namespace PolicyWatchBot.Core.Mutes;

/// <summary>What a mute silences: one rule, one feed, or the whole channel (no name).</summary>
public sealed record MuteTarget(MuteScope Scope, string? Name)
{
    public static MuteTarget Rule(string name) => new(MuteScope.Rule, name);

    public static MuteTarget Feed(string feedId) => new(MuteScope.Feed, feedId);

    public static MuteTarget Channel { get; } = new(MuteScope.Channel, null);

    /// <summary>As the commands spell it: <c>rule ai-chips</c>, <c>feed fr-bis</c>, <c>channel</c>.</summary>
    public override string ToString() => Name is null ? "channel" : $"{Scope.ToString().ToLowerInvariant()} {Name}";
}
