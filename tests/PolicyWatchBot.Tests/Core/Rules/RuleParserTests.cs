using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Rules;

public sealed class RuleParserTests
{
    private static string Canonical(string expression)
    {
        var result = RuleParser.Parse(expression);
        Assert.True(result.IsSuccess, result.Error?.Text);
        return result.Expression.ToString()!;
    }

    private static RuleParseError Error(string expression)
    {
        var result = RuleParser.Parse(expression);
        Assert.False(result.IsSuccess, $"'{expression}' parsed as {result.Expression}");
        return result.Error;
    }

    [Theory]
    [InlineData("ai-chips", "(\"advanced computing\" OR semiconduct* OR \"3A090\" OR \"4A090\") AND agency:\"industry and security\"",
        "AND(OR(\"advanced computing\", semiconduct*, 3a090, 4a090), agency:(\"industry and security\"))")]
    [InlineData("entity-list", "\"entity list\" AND type:rule -correction", "AND(\"entity list\", type:(rule), NOT(correction))")]
    [InlineData("distillation", "distill* NEAR/8 (model OR attack* OR extract*)", "NEAR/8(distill*, OR(model, attack*, extract*))")]
    [InlineData("allies", "jurisdiction:(nl OR jp OR uk) AND (lithography OR \"export control\" OR \"export controls\")",
        "AND(jurisdiction:(OR(nl, jp, uk)), OR(lithography, \"export control\", \"export controls\"))")]
    public void Parse_RulesDocExamples_ParseToExpectedTree(string name, string expression, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, Canonical(expression));
    }

    [Theory]
    [InlineData("chip", "chip")]
    [InlineData("Semiconduct*", "semiconduct*")]
    [InlineData("\"entity list\"", "\"entity list\"")]
    [InlineData("“entity list”", "\"entity list\"")]
    [InlineData("\"or\"", "or")]
    [InlineData("\"NEAR\"", "near")]
    [InlineData("a b", "AND(a, b)")]
    [InlineData("a AND b", "AND(a, b)")]
    [InlineData("a and b", "AND(a, b)")]
    [InlineData("a Or b", "OR(a, b)")]
    [InlineData("NOT a", "NOT(a)")]
    [InlineData("not a", "NOT(a)")]
    [InlineData("-a", "NOT(a)")]
    [InlineData("(a)", "a")]
    [InlineData("a NEAR/5 b", "NEAR/5(a, b)")]
    [InlineData("a near/1 b", "NEAR/1(a, b)")]
    [InlineData("title:x", "title:(x)")]
    [InlineData("Title:x", "title:(x)")]
    [InlineData("TEXT:x", "text:(x)")]
    [InlineData("/ab+c/", "/ab+c/")]
    [InlineData("/a\\/b/", "/a/b/")]
    [InlineData("title:/x y/", "title:(/x y/)")]
    [InlineData("U.S.", "\"u s\"")]
    [InlineData("744.21", "\"744 21\"")]
    [InlineData("dual-use", "\"dual use\"")]
    [InlineData("Dual-Use", "\"dual use\"")]
    [InlineData("Café", "cafe")]
    [InlineData("輸出", "\"輸 出\"")]
    [InlineData("a-b-c", "\"a b c\"")]
    public void Parse_EachForm_ParsesToCanonicalTree(string expression, string expected)
    {
        Assert.Equal(expected, Canonical(expression));
    }

    [Theory]
    [InlineData("NOT a OR b", "OR(NOT(a), b)")]
    [InlineData("a b OR c", "OR(AND(a, b), c)")]
    [InlineData("a OR b c", "OR(a, AND(b, c))")]
    [InlineData("a AND b OR c AND d", "OR(AND(a, b), AND(c, d))")]
    [InlineData("a NEAR/3 b c", "AND(NEAR/3(a, b), c)")]
    [InlineData("a NEAR/3 b OR c", "OR(NEAR/3(a, b), c)")]
    [InlineData("-title:x", "NOT(title:(x))")]
    [InlineData("type:rule -type:proposed", "AND(type:(rule), NOT(type:(proposed)))")]
    [InlineData("a (b OR c)", "AND(a, OR(b, c))")]
    [InlineData("-(a OR b)", "NOT(OR(a, b))")]
    [InlineData("NOT NOT a", "NOT(NOT(a))")]
    [InlineData("title:x NEAR/2 y", "NEAR/2(title:(x), y)")]
    [InlineData("title:(a NEAR/2 b)", "title:(NEAR/2(a, b))")]
    public void Parse_Precedence_BindsNotThenNearThenAndThenOr(string expression, string expected)
    {
        Assert.Equal(expected, Canonical(expression));
    }

    [Fact]
    public void Parse_NotBeforeNear_NegatesLeftOperandWhichNearRefuses()
    {
        // NOT binds tighter than NEAR: the left operand is NOT(a), which is not a NEAR operand.
        var error = Error("NOT a NEAR/3 b");
        Assert.Equal(1, error.Column);
        Assert.Contains("NEAR/3 operand", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a-b", "\"a b\"")] // '-' inside a word separates tokens
    [InlineData("a -b", "AND(a, NOT(b))")]
    [InlineData("(-b)", "NOT(b)")]
    [InlineData("\"a\"-b", "AND(a, b)")] // after a quote '-' is punctuation
    [InlineData("--a", "NOT(a)")]
    public void Parse_Minus_NegatesOnlyAtTermStart(string expression, string expected)
    {
        Assert.Equal(expected, Canonical(expression));
    }

    [Theory]
    [InlineData("\"and\" \"or\" \"not\"", "AND(and, or, not)")]
    [InlineData("\"a OR b\"", "\"a or b\"")]
    public void Parse_QuotedOperatorWords_ArePlainWords(string expression, string expected)
    {
        Assert.Equal(expected, Canonical(expression));
    }

    [Theory]
    [InlineData("a (b OR c AND d", 16, "expected ')' to close '(' at column 3")]
    [InlineData("(a", 3, "expected ')' to close '(' at column 1")]
    [InlineData("a )", 3, "unexpected ')' with no matching '('")]
    [InlineData("a ()", 4, "expected a term after '(' at column 3")]
    public void Parse_Parentheses_ErrorsNameColumns(string expression, int column, string message)
    {
        var error = Error(expression);
        Assert.Equal(column, error.Column);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedParenthesis_FormatsErrorTextWithColumns()
    {
        Assert.Equal("column 17: expected ')' to close '(' at column 3", Error("a (b OR c AND de").Text);
    }

    [Theory]
    [InlineData("\"\"", 1)]
    [InlineData("a “”", 3)]
    [InlineData("a \" - \"", 3)]
    public void Parse_EmptyPhrase_IsErrorAtOpeningQuote(string expression, int column)
    {
        var error = Error(expression);
        Assert.Equal(column, error.Column);
        Assert.Contains("empty phrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedPhrase_IsErrorAtEnd()
    {
        var error = Error("a \"entity list");
        Assert.Equal(15, error.Column);
        Assert.Contains("column 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PrefixInsidePhrase_IsRefusedAtStar()
    {
        var error = Error("\"export control*\"");
        Assert.Equal(16, error.Column);
        Assert.Contains("prefix belongs to one word", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab*", 1)]
    [InlineData("x é*", 3)]
    [InlineData("a.b*", 1)]
    [InlineData("*", 1)]
    public void Parse_ShortOrMultiWordPrefix_IsErrorAtWord(string expression, int column)
    {
        Assert.Equal(column, Error(expression).Column);
    }

    [Fact]
    public void Parse_PrefixOfTwoAccentedCharacters_CountsNormalisedCharacters()
    {
        Assert.Equal(3, Error("x éa*").Column);
        Assert.Equal("AND(x, eab*)", Canonical("x éab*"));
    }

    [Theory]
    [InlineData("semi*conductor", 5)]
    [InlineData("a sem**", 6)]
    public void Parse_StarNotAtWordEnd_IsErrorAtStar(string expression, int column)
    {
        var error = Error(expression);
        Assert.Equal(column, error.Column);
        Assert.Contains("'*' may only end a word", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a titel:x", 3, "unknown field 'titel'")]
    [InlineData("(foo:bar)", 2, "unknown field 'foo'")]
    public void Parse_UnknownField_IsErrorAtFieldName(string expression, int column, string message)
    {
        var error = Error(expression);
        Assert.Equal(column, error.Column);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title: x", 7)]
    [InlineData("title:", 7)]
    [InlineData("(title:)", 8)]
    public void Parse_FieldWithoutOperand_IsErrorAfterColon(string expression, int column)
    {
        Assert.Equal(column, Error(expression).Column);
    }

    [Theory]
    [InlineData("title:text", "title:(text)")]
    [InlineData("agency:(bis OR \"industry and security\")", "agency:(OR(bis, \"industry and security\"))")]
    [InlineData("cfr:\"15 CFR 744\"", "cfr:(\"15 cfr 744\")")]
    [InlineData("docket:BIS-2024-0001", "docket:(\"bis 2024 0001\")")]
    [InlineData("feed:fr-bis", "feed:(\"fr bis\")")]
    [InlineData("summary:chip* jurisdiction:us", "AND(summary:(chip*), jurisdiction:(us))")]
    [InlineData("title:and", "title:(and)")]
    [InlineData("10:30", "\"10 30\"")] // a colon after digits is punctuation, not a field
    public void Parse_Fields_ScopeTheirOperand(string expression, string expected)
    {
        Assert.Equal(expected, Canonical(expression));
    }

    [Fact]
    public void Parse_NearChained_IsErrorAtSecondNear()
    {
        var error = Error("a NEAR/3 b NEAR/3 c");
        Assert.Equal(12, error.Column);
        Assert.Contains("does not chain", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a NEAR/0 b", 3)]
    [InlineData("a NEAR/101 b", 3)]
    [InlineData("a NEAR/x b", 3)]
    [InlineData("a NEAR b", 3)]
    [InlineData("a near/-1 b", 3)]
    public void Parse_NearDistanceOutOfRange_IsErrorAtNear(string expression, int column)
    {
        var error = Error(expression);
        Assert.Equal(column, error.Column);
        Assert.Contains("NEAR/n with n from 1 to 100", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a NEAR/100 b", "NEAR/100(a, b)")]
    [InlineData("\"export control\" NEAR/4 (china OR prc*)", "NEAR/4(\"export control\", OR(china, prc*))")]
    public void Parse_NearDistanceWithinRange_Parses(string expression, string expected)
    {
        Assert.Equal(expected, Canonical(expression));
    }

    [Theory]
    [InlineData("(a b) NEAR/3 c", 2)]
    [InlineData("a NEAR/3 (b c)", 11)]
    [InlineData("a NEAR/3 /x/", 10)]
    [InlineData("a NEAR/3 -b", 10)]
    public void Parse_NearOperandNotWordPrefixPhraseOrOr_IsError(string expression, int column)
    {
        var error = Error(expression);
        Assert.Equal(column, error.Column);
        Assert.Contains("operand must be", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a AND", 6, "expected a term after 'AND' at column 3")]
    [InlineData("a OR", 5, "expected a term after 'OR' at column 3")]
    [InlineData("OR b", 1, "expected a term, found 'OR'")]
    [InlineData("a AND OR b", 7, "expected a term after 'AND' at column 3, found 'OR'")]
    [InlineData("NOT", 4, "expected a term after 'NOT' at column 1")]
    [InlineData("a -", 4, "expected a term after '-' at column 3")]
    [InlineData("a NEAR/3", 9, "expected a term after 'NEAR/3' at column 3")]
    [InlineData("NEAR/3 b", 1, "expected a term, found 'NEAR/3'")]
    [InlineData("", 1, "expected a term")]
    [InlineData("   ", 4, "expected a term")]
    public void Parse_DanglingOperator_IsErrorWithColumn(string expression, int column, string message)
    {
        var error = Error(expression);
        Assert.Equal(column, error.Column);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_TooLong_IsErrorNamingLimit()
    {
        var error = Error(string.Join(' ', Enumerable.Repeat("abcd", 201)));
        Assert.Equal(1001, error.Column);
        Assert.Contains("at most 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExactlyMaxLength_Parses()
    {
        var expression = "a" + new string(' ', 998) + "b";
        Assert.Equal(1000, expression.Length);
        Assert.Equal("AND(a, b)", Canonical(expression));
    }

    [Fact]
    public void Parse_SixtyFiveTerms_IsErrorAtSixtyFifthTerm()
    {
        var words = Enumerable.Range(0, 65).Select(i => "w" + i).ToArray();
        var expression = string.Join(' ', words);
        var error = Error(expression);
        Assert.Equal(expression.IndexOf("w64", StringComparison.Ordinal) + 1, error.Column);
        Assert.Contains("at most 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SixtyFourTerms_Parses()
    {
        var expression = string.Join(" OR ", Enumerable.Range(0, 64).Select(i => "w" + i));
        Assert.True(RuleParser.Parse(expression).IsSuccess);
    }

    [Theory]
    [InlineData("/(a)\\1/", 5, "backreferences")]
    [InlineData("x /(?<n>a)\\k<n>/", 11, "backreferences")]
    [InlineData("/a(?=b)/", 3, "lookarounds")]
    [InlineData("/(?<!a)b/", 2, "lookarounds")]
    [InlineData("/(?>a)/", 2, "atomic groups")]
    public void Parse_RegexConstructNonBacktrackingRefuses_IsErrorAtConstruct(string expression, int column, string construct)
    {
        var error = Error(expression);
        Assert.Equal(column, error.Column);
        Assert.Contains(construct, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/abc", 5, "expected '/' to close")]
    [InlineData("//", 1, "empty regular expression")]
    [InlineData("/abc/i", 6, "no flags")]
    [InlineData("/a(b/", 5, "invalid regular expression")]
    public void Parse_BadRegex_IsErrorWithColumn(string expression, int column, string message)
    {
        var error = Error(expression);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("export NEAR/5 control* /3A09\\d/")]
    [InlineData("title:/^Entity List/ OR \"foreign direct product\"")]
    public void ParseStored_ValidRule_GivesTheTreeParseGivesWithItsRegexNotBuiltYet(string expression)
    {
        var stored = RuleParser.ParseStored(expression);

        Assert.True(stored.IsSuccess);
        Assert.Equal(RuleParser.Parse(expression).Expression!.ToString(), stored.Expression.ToString());
        Assert.False(Regexes(stored.Expression).Single().IsBuilt);
    }

    [Theory]
    [InlineData("/a{1000}/")]
    [InlineData("export /abc")]
    [InlineData("export AND")]
    public void ParseStored_RuleParseRefuses_IsRefusedWithTheSameError(string expression)
    {
        var stored = RuleParser.ParseStored(expression);

        Assert.False(stored.IsSuccess);
        Assert.Equal(Error(expression), stored.Error);
    }

    private static IEnumerable<RegexNode> Regexes(RuleNode node) => node switch
    {
        RegexNode regex => [regex],
        AndNode and => and.Operands.SelectMany(Regexes),
        OrNode or => or.Operands.SelectMany(Regexes),
        NotNode not => Regexes(not.Operand),
        FieldNode field => Regexes(field.Operand),
        NearNode near => Regexes(near.Left).Concat(Regexes(near.Right)),
        _ => [],
    };

    [Fact]
    public void Parse_SlashInsideWord_IsNotRegex()
    {
        Assert.Equal("\"and or\"", Canonical("and/or"));
    }

    [Theory]
    [InlineData("§")]
    [InlineData("a & b")]
    public void Parse_WordWithoutLettersOrDigits_IsError(string expression)
    {
        Assert.Contains("no letters or digits", Error(expression).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OnlyNegations_Parses()
    {
        Assert.Equal("AND(NOT(correction), NOT(withdrawal))", Canonical("-correction -withdrawal"));
    }
}
