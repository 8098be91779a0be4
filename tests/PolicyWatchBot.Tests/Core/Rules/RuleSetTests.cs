using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Rules;

public sealed class RuleSetTests
{
    /// <summary>A mix of every form, with terms that occur in the January 2024 Federal Register page.</summary>
    private static readonly RuleDefinition[] FixtureRules =
    [
        new("word", "airworthiness"),
        new("prefix", "semiconduct*"),
        new("prefix-short", "env*"),
        new("phrase", "\"endangered species\""),
        new("phrase-and-negation", "\"air quality\" -withdrawal"),
        new("or-and", "(medicare OR medicaid) AND payment*"),
        new("field-agency", "agency:\"industry and security\""),
        new("field-title-type", "title:fisher* type:rule -type:proposed"),
        new("near", "export* NEAR/5 (control* OR license*)"),
        new("near-phrase", "\"comment period\" NEAR/10 extend*"),
        new("cfr", "cfr:\"40 CFR 52\""),
        new("cfr-title", "cfr:\"15 CFR\""),
        new("docket", "docket:(FAA* OR 2120*)"),
        new("negation-only", "-the"),
        new("negations", "NOT notice -rule"),
        new("regex", "/fiscal year \\d{4}/"),
        new("regex-scoped", "docket:/^EPA-/"),
        new("regex-and-word", "/Final rule\\./ AND safety"),
        new("type", "type:(notice OR \"presidential document\")"),
        new("presidential", "type:presidential"),
        new("us-only", "jurisdiction:us feed:\"fr-all\" grant*"),
        new("not-or", "NOT airworthiness OR directive*"),
        new("deep", "((adm* OR bur*) AND NOT (con* OR dep*)) OR (fisher* NEAR/3 \"atlantic\")"),
        new("han", "輸出"),
        new("common", "of"),
        new("never", "zzyzxq"),
    ];

    [Fact]
    public void Match_FixtureDocuments_AgreesWithPerRuleEvaluation()
    {
        var rules = RuleSet.Compile(FixtureRules);
        var single = FixtureRules.Select(CompiledRule.Compile).ToArray();
        var matchedRules = new HashSet<string>();
        foreach (var item in FederalRegisterFixture.Items)
        {
            var tokenized = ItemTokenizer.Tokenize(item);
            var expected = single.Select(r => r.Match(tokenized)).OfType<RuleMatch>().ToList();
            var actual = rules.Match(tokenized);
            Assert.Equal(expected.Select(m => m.RuleName), actual.Select(m => m.RuleName));
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Hits, actual[i].Hits);
                matchedRules.Add(actual[i].RuleName);
            }
        }

        // The comparison means something only if the rules of each form matched some documents.
        string[] mustMatch =
        [
            "word", "prefix", "prefix-short", "phrase", "or-and", "field-title-type", "cfr", "docket", "negation-only",
            "negations", "regex", "regex-scoped", "type", "presidential", "us-only", "not-or", "common",
        ];
        Assert.All(mustMatch, name => Assert.Contains(name, matchedRules));
        Assert.DoesNotContain("never", matchedRules);
    }

    [Fact]
    public void Match_FixtureDocumentsWithManyGeneratedRules_AgreesWithPerRuleEvaluation()
    {
        var vocabulary = FederalRegisterFixture.Items.Take(200)
            .SelectMany(i => TextTokenizer.Tokenize(i.Title))
            .Where(t => t.Length >= 4)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        var random = new Random(20240101);
        string Word() => vocabulary[random.Next(vocabulary.Length)];
        var rules = new List<RuleDefinition>();
        for (var i = 0; i < 300; i++)
        {
            var expression = (i % 6) switch
            {
                0 => Word(),
                1 => $"\"{Word()} {Word()}\" OR {Word()[..3]}*",
                2 => $"{Word()} -{Word()}",
                3 => $"title:{Word()} OR agency:{Word()}",
                4 => $"{Word()} NEAR/{1 + (i % 10)} ({Word()} OR {Word()[..4]}*)",
                _ => $"{Word()} {Word()} OR -{Word()}",
            };
            rules.Add(new RuleDefinition("g" + i, expression));
        }

        var set = RuleSet.Compile(rules);
        var single = rules.Select(CompiledRule.Compile).ToArray();
        var total = 0;
        foreach (var item in FederalRegisterFixture.Items.Take(400))
        {
            var tokenized = ItemTokenizer.Tokenize(item);
            var expected = single.Select(r => r.Match(tokenized)).OfType<RuleMatch>().ToList();
            var actual = set.Match(tokenized);
            Assert.Equal(expected.Select(m => m.RuleName), actual.Select(m => m.RuleName));
            Assert.Equal(expected.SelectMany(m => m.Hits), actual.SelectMany(m => m.Hits));
            total += actual.Count;
        }

        Assert.True(total > 400, $"only {total} matches");
    }

    [Fact]
    public void Match_FixtureDocumentsWithNestedGeneratedRules_AgreesWithPerRuleEvaluation()
    {
        // Nested AND, OR and NOT over words, prefixes, phrases, fields and NEAR: the compiled instructions
        // (and their copies under every anchor term of an OR) must decide as the expression tree does.
        var vocabulary = FederalRegisterFixture.Items.Take(100)
            .SelectMany(i => TextTokenizer.Tokenize(i.Title + " " + i.Summary))
            .Where(t => t.Length >= 3 && t is not ("and" or "not" or "near"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        var random = new Random(20240103);
        string Word() => vocabulary[random.Next(vocabulary.Length)];
        string Leaf() => random.Next(7) switch
        {
            0 => Word()[..3] + "*",
            1 => $"\"{Word()} {Word()}\"",
            2 => $"title:{Word()}",
            3 => $"agency:{Word()}",
            4 => $"({Word()} NEAR/{random.Next(1, 6)} {Word()[..3]}*)",
            _ => Word(),
        };
        string Expression(int depth) => depth == 0 || random.Next(3) == 0
            ? (random.Next(5) == 0 ? "-" : "") + Leaf()
            : random.Next(3) switch
            {
                0 => $"({Expression(depth - 1)} OR {Expression(depth - 1)} OR {Expression(depth - 1)})",
                1 => $"({Expression(depth - 1)} AND {Expression(depth - 1)})",
                _ => $"NOT ({Expression(depth - 1)} {Expression(depth - 1)})",
            };

        var rules = Enumerable.Range(0, 400).Select(i => new RuleDefinition("n" + i, Expression(3))).ToList();
        var set = RuleSet.Compile(rules);
        var single = rules.Select(CompiledRule.Compile).ToArray();
        var total = 0;
        foreach (var item in FederalRegisterFixture.Items.Take(300))
        {
            var tokenized = ItemTokenizer.Tokenize(item);
            var expected = single.Where(r => r.IsMatch(tokenized)).Select(r => r.Definition.Name);
            var actual = set.Match(tokenized).Select(m => m.RuleName).ToList();
            Assert.Equal(expected, actual);
            total += actual.Count;
        }

        Assert.True(total > 3000, $"only {total} matches");
    }

    [Theory]
    [InlineData("санкц*", true)]
    [InlineData("санкции", true)]
    [InlineData("сан*", true)]
    [InlineData("санкт*", false)]
    [InlineData("aβc*", true)]
    [InlineData("aβcdefg*", false)]
    [InlineData("abc*", false)]
    [InlineData("2120*", true)]
    [InlineData("212*", true)]
    [InlineData("2121*", false)]
    public void Match_PrefixesOutsideAsciiLettersAndDigits_MatchTokenStarts(string expression, bool expected)
    {
        var item = TestItem.Create("Санкции aβcdef 2120-AA00");

        // Among other prefixes, so that the trie has siblings along every path.
        var rules = RuleSet.Compile([new RuleDefinition("r", expression), new RuleDefinition("o", "сам* OR aβd* OR 2130* OR abd*")]);

        Assert.Equal(expected, rules.Match(item).Any(m => m.RuleName == "r"));
        Assert.Equal(expected, CompiledRule.Compile(new RuleDefinition("r", expression)).Match(item) is not null);
    }

    [Fact]
    public void Match_NestedPrefixes_EachMatchesTheTokensItStarts()
    {
        var rules = RuleSet.Compile(
        [
            new RuleDefinition("env", "env*"),
            new RuleDefinition("environ", "environ*"),
            new RuleDefinition("environmental", "environmental*"),
            new RuleDefinition("environmentalism", "environmentalism*"),
            new RuleDefinition("word", "environment"),
            new RuleDefinition("near", "environ* NEAR/1 protection"),
            new RuleDefinition("phrase", "\"environment protection\""),
        ]);

        Assert.Equal(["env", "environ", "environmental", "word"], rules.Match(TestItem.Create("Environmental review; environment")).Select(m => m.RuleName));
        Assert.Equal(["env", "environ", "word", "near", "phrase"], rules.Match(TestItem.Create("environment protection")).Select(m => m.RuleName));
        Assert.Equal(["env"], rules.Match(TestItem.Create("env envir")).Select(m => m.RuleName));
        Assert.Empty(rules.Match(TestItem.Create("en vironment")));
    }

    [Fact]
    public void Match_MatchingRule_ReportsHitsWithFieldValueAndPositions()
    {
        var item = TestItem.Create(
            "Entity List additions",
            summary: "Adds entries to the Entity List.",
            agencies: ["Commerce Department", "Industry and Security Bureau"]);
        var rules = RuleSet.Compile([new RuleDefinition("el", "\"entity list\" agency:securit* -correction")]);

        var match = Assert.Single(rules.Match(item));

        Assert.Equal("el", match.RuleName);
        Assert.Equal(
            [
                new TermHit(ItemField.Title, 0, "entity list", 0, 2),
                new TermHit(ItemField.Summary, 0, "entity list", 4, 2),
                new TermHit(ItemField.Agency, 1, "securit*", 2, 1),
            ],
            match.Hits);
    }

    [Fact]
    public void Match_HitsReadFromSeveralThreads_AreTheSame()
    {
        var item = TestItem.Create("alpha beta alpha", summary: "alpha");
        var match = Assert.Single(RuleSet.Compile([new RuleDefinition("a", "alpha")]).Match(item));
        var counts = new int[8];
        Parallel.For(0, counts.Length, i => counts[i] = match.Hits.Count);
        Assert.All(counts, c => Assert.Equal(3, c));
        Assert.Equal(new TermHit(ItemField.Summary, 0, "alpha", 0, 1), match.Hits[2]);
    }

    [Fact]
    public void Match_MatchesReadTwice_AreTheSameObjects()
    {
        var rules = RuleSet.Compile([new RuleDefinition("a", "alpha"), new RuleDefinition("b", "beta"), new RuleDefinition("c", "gamma")]);
        var matches = rules.Match(TestItem.Create("gamma alpha"));
        Assert.Equal(2, matches.Count);
        Assert.Same(matches[1], matches[1]);
        using var enumerator = matches.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Same(matches[0], enumerator.Current);
        Assert.Equal(["a", "c"], matches.Select(m => m.RuleName));
        Assert.Equal([new TermHit(ItemField.Title, 0, "gamma", 0, 1)], matches[1].Hits);
        Assert.Throws<IndexOutOfRangeException>(() => matches[2]);
    }

    [Fact]
    public void Match_MatchesReadFromSeveralThreads_AreTheSameObjects()
    {
        var rules = RuleSet.Compile(Enumerable.Range(0, 64).Select(i => new RuleDefinition("r" + i, i % 2 == 0 ? "alpha" : "beta")));
        var matches = rules.Match(TestItem.Create("alpha beta"));
        var seen = new RuleMatch[8][];
        Parallel.For(0, seen.Length, i => seen[i] = [.. matches]);
        Assert.All(seen, s => Assert.Equal(seen[0], s, ReferenceEqualityComparer.Instance));
        Assert.Equal(64, seen[0].Length);
    }

    [Fact]
    public void Match_NearRule_ReportsOnlyTokensWithinDistance()
    {
        var item = TestItem.Create("model one two three distillation four model");
        var match = Assert.Single(RuleSet.Compile([new RuleDefinition("d", "distill* NEAR/2 model")]).Match(item));
        Assert.Equal([new TermHit(ItemField.Title, 0, "distill*", 4, 1), new TermHit(ItemField.Title, 0, "model", 6, 1)], match.Hits);
    }

    [Fact]
    public void Match_RegexRule_ReportsCharacterSpans()
    {
        var item = TestItem.Create("Rule 744.21 amended");
        var match = Assert.Single(RuleSet.Compile([new RuleDefinition("re", "/744\\.\\d+/")]).Match(item));
        Assert.Equal([new TermHit(ItemField.Title, 0, "/744\\.\\d+/", 5, 6, HitUnit.Characters)], match.Hits);
    }

    [Fact]
    public void Match_OrRule_ReportsHitsOfTrueBranchesOnly()
    {
        var item = TestItem.Create("alpha beta");
        var match = Assert.Single(RuleSet.Compile([new RuleDefinition("o", "(alpha gamma) OR beta")]).Match(item));
        Assert.Equal([new TermHit(ItemField.Title, 0, "beta", 1, 1)], match.Hits);
    }

    [Fact]
    public void Match_SeveralRules_ReturnsMatchesInRuleOrder()
    {
        var rules = RuleSet.Compile(
        [
            new RuleDefinition("c", "gamma"),
            new RuleDefinition("none", "zeta"),
            new RuleDefinition("a", "alpha"),
            new RuleDefinition("b", "-zeta"),
            new RuleDefinition("ab", "alpha beta"),
        ]);
        Assert.Equal(["c", "a", "b", "ab"], rules.Match(TestItem.Create("alpha beta gamma")).Select(m => m.RuleName));
    }

    [Fact]
    public void Match_NoRuleHits_ReturnsEmpty()
    {
        var rules = RuleSet.Compile([new RuleDefinition("a", "alpha"), new RuleDefinition("p", "\"beta gamma\"")]);
        Assert.Empty(rules.Match(TestItem.Create("gamma beta")));
    }

    [Fact]
    public void Match_SameItemTwice_GivesSameResult()
    {
        var rules = RuleSet.Compile(FixtureRules);
        var item = FederalRegisterFixture.Items[3];
        var first = rules.Match(item);
        var second = rules.Match(item);
        Assert.Equal(first.Select(m => m.RuleName), second.Select(m => m.RuleName));
        Assert.Equal(first.SelectMany(m => m.Hits), second.SelectMany(m => m.Hits));
    }

    [Fact]
    public void Match_TwoRuleSetsAlternating_KeepResultsSeparate()
    {
        var first = RuleSet.Compile([new RuleDefinition("one", "alpha"), new RuleDefinition("two", "beta")]);
        var second = RuleSet.Compile([new RuleDefinition("x", "beta"), new RuleDefinition("y", "gamma"), new RuleDefinition("z", "alpha")]);
        var item = TestItem.Create("alpha beta");
        Assert.Equal(["one", "two"], first.Match(item).Select(m => m.RuleName));
        Assert.Equal(["x", "z"], second.Match(item).Select(m => m.RuleName));
        Assert.Equal(["one", "two"], first.Match(item).Select(m => m.RuleName));
    }

    [Fact]
    public void Match_ConcurrentCallers_AgreeWithSequentialResults()
    {
        var rules = RuleSet.Compile(FixtureRules);
        var items = FederalRegisterFixture.Items.Take(200).ToArray();
        var sequential = items.Select(i => string.Join(',', rules.Match(i).Select(m => m.RuleName))).ToArray();
        var parallel = new string[items.Length];
        Parallel.For(0, items.Length, i => parallel[i] = string.Join(',', rules.Match(items[i]).Select(m => m.RuleName)));
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Compile_InvalidRule_ThrowsNamingRuleAndColumn()
    {
        var exception = Assert.Throws<RuleCompileException>(() => RuleSet.Compile(
        [
            new RuleDefinition("good", "alpha"),
            new RuleDefinition("bad", "a (b OR c AND de"),
        ]));
        Assert.Equal("bad", exception.RuleName);
        Assert.Equal(17, exception.Column);
        Assert.Equal("rule 'bad': column 17: expected ')' to close '(' at column 3", exception.Message);
    }

    [Fact]
    public void Compile_NegationsAndRegexes_AreEvaluatedAlwaysAndOthersAnchored()
    {
        var rules = RuleSet.Compile(
        [
            new RuleDefinition("a", "alpha beta"),
            new RuleDefinition("b", "-alpha"),
            new RuleDefinition("c", "NOT alpha OR beta"),
            new RuleDefinition("d", "/x/ alpha"),
            new RuleDefinition("e", "/x/"),
            new RuleDefinition("f", "alpha NEAR/3 beta"),
        ]);
        Assert.Equal(3, rules.AlwaysEvaluatedCount);
    }

    [Fact]
    public void Compile_EmptyRuleList_MatchesNothing()
    {
        var rules = RuleSet.Compile([]);
        Assert.Equal(0, rules.Count);
        Assert.Empty(rules.Match(TestItem.Create("alpha")));
    }

    [Fact]
    public void Match_FeedItemOverload_TokenizesAndMatches()
    {
        FeedItem item = TestItem.Create("Semiconductor manufacturing equipment");
        var rules = RuleSet.Compile([new RuleDefinition("s", "semiconduct* equipment")]);
        Assert.Equal("s", Assert.Single(rules.Match(item)).RuleName);
    }

    [Fact]
    public void Match_StoredRuleRegex_IsBuiltTheFirstTimeItsRuleIsACandidate()
    {
        var parsed = RuleParser.ParseStored("export /3A09\\d/");
        var regex = Assert.IsType<RegexNode>(Assert.IsType<AndNode>(parsed.Expression).Operands[1]);
        var rules = RuleSet.Compile([new RuleDefinition("eccn", "export /3A09\\d/")], [parsed.Expression]);

        Assert.Empty(rules.Match(TestItem.Create("Entity List additions under 3A090")));
        Assert.False(regex.IsBuilt);
        Assert.Empty(rules.Match(TestItem.Create("Export controls on advanced computing")));
        Assert.True(regex.IsBuilt);
        Assert.Equal("eccn", Assert.Single(rules.Match(TestItem.Create("Export controls on 3A090 items"))).RuleName);
    }
}
