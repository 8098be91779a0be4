using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;

namespace PolicyWatchBot.Tests.Core.Mutes;

/// <summary>docs/commands.md: an alert is held back only when every rule that matched it is muted, or its feed, or the channel.</summary>
public sealed class MuteRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static AlertMessage Alert(string feed = "fr-bis", params string[] rules) => new()
    {
        AlertId = "PW-3F9K",
        Kind = RevisionKind.New,
        ItemKey = "fr:2024-00190",
        FeedId = feed,
        FeedTitle = feed,
        Title = "A rule",
        MatchedRules = rules.Select(r => new MatchedRule(r, [])).ToList(),
    };

    private static Mute Mute(MuteTarget target) => new(1, target, Now.AddDays(1), Now, new Actor("U1", "alice"));

    [Fact]
    public void Holds_NoMutes_False()
    {
        Assert.False(MuteRules.Holds([], Alert("fr-bis", "ai-chips")));
    }

    [Fact]
    public void Holds_OneOfTwoMatchingRulesMuted_False()
    {
        Assert.False(MuteRules.Holds([Mute(MuteTarget.Rule("ai-chips"))], Alert("fr-bis", "ai-chips", "entity-list")));
    }

    [Fact]
    public void Holds_EveryMatchingRuleMutedInAnyCase_True()
    {
        Assert.True(MuteRules.Holds([Mute(MuteTarget.Rule("AI-Chips")), Mute(MuteTarget.Rule("entity-list"))], Alert("fr-bis", "ai-chips", "entity-list")));
    }

    [Fact]
    public void Holds_ItsFeedMuted_True()
    {
        Assert.True(MuteRules.Holds([Mute(MuteTarget.Feed("fr-bis"))], Alert("fr-bis", "ai-chips")));
    }

    [Fact]
    public void Holds_AnotherFeedMuted_False()
    {
        Assert.False(MuteRules.Holds([Mute(MuteTarget.Feed("fr-ofac"))], Alert("fr-bis", "ai-chips")));
    }

    [Fact]
    public void Holds_ChannelMuted_TrueEvenWithoutRules()
    {
        Assert.True(MuteRules.Holds([Mute(MuteTarget.Channel)], Alert("fr-bis")));
    }

    [Fact]
    public void Holds_RuleMuteOnAnAlertThatMatchedNoRule_False()
    {
        Assert.False(MuteRules.Holds([Mute(MuteTarget.Rule("ai-chips"))], Alert("fr-bis")));
    }

    [Theory]
    [InlineData("rule", "entity-list", true)]
    [InlineData("rule", "other", false)]
    [InlineData("feed", "FR-BIS", true)]
    [InlineData("feed", "fr-ofac", false)]
    [InlineData("channel", null, true)]
    public void Covers_MuteAndAlert_WhetherTheMuteBearsOnIt(string scope, string? name, bool expected)
    {
        var target = scope == "channel" ? MuteTarget.Channel : new MuteTarget(Enum.Parse<MuteScope>(scope, ignoreCase: true), name);

        Assert.Equal(expected, MuteRules.Covers(Mute(target), Alert("fr-bis", "ai-chips", "entity-list")));
    }
}
