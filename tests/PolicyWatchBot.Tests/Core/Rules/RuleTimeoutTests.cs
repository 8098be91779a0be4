using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Rules;

/// <summary>A rule whose regex runs past its timeout on an item is reported, not matched, and the other rules are decided as usual.</summary>
public sealed class RuleTimeoutTests
{
    // The shortest timeout (the engine rounds it up to 1 ms). The engine looks at its clock each time it
    // resumes its search after a failed attempt, so a long value with "zzz" every few words runs past it.
    private static readonly TimeSpan Instant = TimeSpan.FromTicks(1);

    private static readonly string LongSummary = string.Join(' ', Enumerable.Repeat("zzz export controls on advanced computing items", 20_000));

    [Fact]
    public void Match_RegexTimesOut_RuleIsReportedAndNotMatchedWhileOthersMatch()
    {
        var rules = RuleSet.Compile(
            [new RuleDefinition("slow", "/zzz\\d/"), new RuleDefinition("negated", "NOT /zzz\\d/"), new RuleDefinition("words", "export AND computing")],
            Instant);
        var timedOut = new List<string>();

        var matches = rules.Match(TestItem.Create("Entity list", summary: LongSummary), timedOut);

        Assert.Equal(["words"], matches.Select(m => m.RuleName));
        Assert.Equal(["slow", "negated"], timedOut);
    }

    [Fact]
    public void Match_RegexWithTheProductTimeout_MatchesALongValue()
    {
        var rules = RuleSet.Compile([new RuleDefinition("regex", "/advanced\\s+computing/")]);
        var timedOut = new List<string>();

        var matches = rules.Match(TestItem.Create("Entity list", summary: LongSummary), timedOut);

        Assert.Equal(["regex"], matches.Select(m => m.RuleName));
        Assert.Empty(timedOut);
    }

    [Fact]
    public void CompiledRuleMatch_RegexTimesOut_IsNoMatchWithTimedOutSet()
    {
        var rule = CompiledRule.Compile(new RuleDefinition("slow", "NOT /zzz\\d/"), Instant);

        var match = rule.Match(ItemTokenizer.Tokenize(TestItem.Create("Entity list", summary: LongSummary)), out var timedOut);

        Assert.Null(match);
        Assert.True(timedOut);
    }

    [Fact]
    public void CompiledRuleMatch_ShortValue_IsDecidedWithoutTimeout()
    {
        var rule = CompiledRule.Compile(new RuleDefinition("fast", "/entity\\s+list/"));

        var match = rule.Match(ItemTokenizer.Tokenize(TestItem.Create("Entity List additions")), out var timedOut);

        Assert.NotNull(match);
        Assert.False(timedOut);
        Assert.Equal("/entity\\s+list/", Assert.Single(match.Hits).Term);
    }
}
