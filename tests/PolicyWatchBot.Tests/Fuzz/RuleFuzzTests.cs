using CsCheck;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Tests.Core.Rules;
using PolicyWatchBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PolicyWatchBot.Tests.Fuzz;

/// <summary>
/// Rules as any channel member may type them: the parser never throws, refuses with a column inside
/// the text, and a rule it accepts compiles and matches hostile items without throwing, with the
/// rule set and the single-rule evaluator agreeing, each input within the allocation bound.
/// </summary>
public sealed class RuleFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Pieces =
    [
        "export", "china", "semiconduct*", "ab*", "a*b", "*", "NOT", "not", "AND", "OR", "NEAR/3", "NEAR/0", "NEAR/101", "near", "NEAR/", "-", "- ",
        "(", ")", "((", "))", "\"", "“", "”", "\"entity list\"", "title:", "agency:", "type:", "cfr:", "foo:", ":", "U.S.", "744.21", "dual-use", "3A090",
        "/", "\\/", "\\", "/a/", "/x{2147483646}a/", "/([a-z]+\\s?){1,30}\\Z/", "/(?=x)/", "/\\1/", "/[/", "/a{99999999}b/",
        "{", "}", "{1,", "{99999999}", "{0,100}", "{2,5}", "[a-z]", "[^", "]", "-[", "\\d", "\\w+", "\\s?", "(?:", "(?<n>", "(?'n'", "(?i)", "(?#", "+", "?", "|", ".", "^", "$", "\\p{L}", "\\p{",
    ];

    private static readonly Gen<string> Expression = Gen.Frequency(
        (4, HostileText.Mixed(Gen.OneOf(Pieces), 24)),
        (1, HostileText.Mixed(Gen.OneOf(Pieces), 24).Select(inner => "/" + inner + "/")),
        (1, HostileText.Mixed(Gen.OneOf(Pieces), 400)));

    private static readonly FeedItem[] Items =
    [
        TestItem.Create("Entity List additions for China", summary: "The Bureau of Industry and Security adds entities under 15 CFR 744.21.", agencies: ["Bureau of Industry and Security"], cfr: ["15 CFR 744"], type: "Rule"),
        TestItem.Create("Lone \uD800 surrogate and \uFFFE noncharacter in a title", summary: "semiconductor \uDC00\uD800 export 漢字 ﬁnal ①", dockets: ["BIS-2024-0001\uFFFF"]),
        TestItem.Create("Long summary", summary: string.Join(' ', Enumerable.Repeat("advanced computing items export controls semiconductor manufacturing equipment", 500))),
    ];

    [Fact]
    public void ParseCompileMatch_HostileExpressions_NeverThrowAndStayBounded()
    {
        var run = new FuzzRun("rules", output);
        var tokenized = Items.Select(ItemTokenizer.Tokenize).ToArray();

        Expression.Sample(expression => run.Measure(expression, () => Check(expression, tokenized)), iter: FuzzRun.Iterations(4_000), threads: 1);

        run.Report();
    }

    [Fact]
    public void Parse_IssueExamples_AreRefusedWithColumnsInsideTheText()
    {
        foreach (var expression in new[] { "/a{2147483646}a/", "/aaa{2147483646}/", "/a{999999999}b/", "/([a-z]+\\s?){1,30}\\Z/", "title:\"a\uD800\" NOT /\uDC00{5000}/" })
        {
            var result = RuleParser.Parse(expression);
            Assert.False(result.IsSuccess, expression);
            Assert.InRange(result.Error.Column, 1, expression.Length + 1);
        }
    }

    private static void Check(string expression, TokenizedItem[] items)
    {
        var parsed = RuleParser.Parse(expression);
        if (!parsed.IsSuccess)
        {
            Assert.InRange(parsed.Error.Column, 1, Math.Max(expression.Length, RuleParser.MaxLength) + 1);
            Assert.False(string.IsNullOrWhiteSpace(parsed.Error.Message));
            return;
        }

        var definition = new RuleDefinition("fuzz", expression);
        var rules = RuleSet.Compile([definition]);
        var single = CompiledRule.Compile(definition);
        var timedOut = new List<string>();
        foreach (var item in items)
        {
            var matched = rules.Match(item, timedOut).Count == 1;
            var reference = single.Match(item, out var referenceTimedOut);
            if (timedOut.Count == 0 && !referenceTimedOut)
            {
                Assert.True(matched == (reference is not null), $"the rule set and the evaluator disagree on '{expression}' for '{item.Item.Title}'");
                _ = reference?.Hits.Count;
            }

            timedOut.Clear();
        }
    }
}
