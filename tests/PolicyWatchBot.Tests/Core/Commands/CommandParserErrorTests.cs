using PolicyWatchBot.Core.Commands;

namespace PolicyWatchBot.Tests.Core.Commands;

public sealed class CommandParserErrorTests
{
    [Fact]
    public void Parse_4000Characters_IsAccepted()
    {
        var text = "ack PW-3F9K " + new string('n', 4000 - "ack PW-3F9K ".Length - 3500) + new string(' ', 3500);

        Assert.Equal(4000, text.Length);
        Assert.True(CommandParser.Parse(text).IsSuccess);
    }

    [Fact]
    public void Parse_4001Characters_IsRefusedWithLength()
    {
        var text = "rule test " + new string('a', 4001 - "rule test ".Length);

        var result = Fail(text);

        Assert.Equal("the command is 4,001 characters long; the limit is 4,000", result.Error);
        Assert.Null(result.Usage);
    }

    [Fact]
    public void Parse_4317Characters_NamesTheLengthWithThousandsSeparator()
    {
        Assert.Equal("the command is 4,317 characters long; the limit is 4,000", Fail(new string('x', 4317)).Error);
    }

    [Theory]
    [InlineData("subscibe fr-bis", "unknown command 'subscibe'; did you mean 'subscribe'?", "subscribe FEED [FEED...]")]
    [InlineData("SUBSCIBE fr-bis", "unknown command 'SUBSCIBE'; did you mean 'subscribe'?", "subscribe FEED [FEED...]")]
    [InlineData("stauts", "unknown command 'stauts'; did you mean 'status'?", "status")]
    [InlineData("ak PW-3F9K", "unknown command 'ak'; did you mean 'ack'?", "ack ALERT_ID [NOTE]")]
    [InlineData("unsubscibe fr-bis", "unknown command 'unsubscibe'; did you mean 'unsubscribe'?", "unsubscribe FEED [FEED...]")]
    [InlineData("mutes", "unknown command 'mutes'; did you mean 'muted'?", "muted")]
    [InlineData("unsub fr-bis", "unknown command 'unsub'; did you mean 'unsubscribe'?", "unsubscribe FEED [FEED...]")]
    [InlineData("rule ad ai-chips chip*", "unknown command 'rule ad'; did you mean 'rule add'?", "rule add NAME [--urgent] EXPRESSION")]
    [InlineData("rul add ai-chips chip*", "unknown command 'rul add'; did you mean 'rule add'?", "rule add NAME [--urgent] EXPRESSION")]
    [InlineData("rule tset chip*", "unknown command 'rule tset'; did you mean 'rule test'?", "rule test [--days N] EXPRESSION")]
    [InlineData("rule remvoe ai-chips", "unknown command 'rule remvoe'; did you mean 'rule remove'?", "rule remove NAME")]
    [InlineData("rule list", "unknown command 'rule list'; did you mean 'rules'?", "rules")]
    [InlineData("rule delete ai-chips", "unknown command 'rule delete'; did you mean 'rule remove'?", "rule remove NAME")]
    [InlineData("Rule Create ai-chips chip*", "unknown command 'Rule Create'; did you mean 'rule add'?", "rule add NAME [--urgent] EXPRESSION")]
    [InlineData("help subscibe", "unknown command 'subscibe'; did you mean 'subscribe'?", "subscribe FEED [FEED...]")]
    public void Parse_MistypedVerb_SuggestsClosestVerbWithItsUsage(string text, string error, string usage)
    {
        var result = Fail(text);

        Assert.Equal(error, result.Error);
        Assert.Equal(usage, result.Usage);
    }

    [Theory]
    [InlineData("xyzzy", "unknown command 'xyzzy'; 'help' lists the commands")]
    [InlineData("sub fr-bis", "unknown command 'sub'; 'help' lists the commands")]
    [InlineData("rule frobnicate ai-chips", "unknown command 'rule frobnicate'; use rule add, rule edit, rule remove, rule urgent, rule notify, rule test, or rules")]
    [InlineData("rule lst", "unknown command 'rule lst'; use rule add, rule edit, rule remove, rule urgent, rule notify, rule test, or rules")]
    [InlineData("help xyzzy", "unknown command 'xyzzy'; 'help' lists the commands")]
    public void Parse_UnknownVerbNothingClose_HasNoSuggestionAndNoUsage(string text, string error)
    {
        var result = Fail(text);

        Assert.Equal(error, result.Error);
        Assert.Null(result.Usage);
    }

    [Fact]
    public void Parse_UnknownLongVerb_EchoIsCut()
    {
        var result = Fail(new string('q', 300));

        Assert.Equal($"unknown command '{new string('q', 40)}…'; 'help' lists the commands", result.Error);
    }

    [Fact]
    public void Parse_UnknownVerbCutInsideSurrogatePair_KeepsThePairWhole()
    {
        var result = Fail(new string('q', 39) + "🚀🚀");

        Assert.Equal($"unknown command '{new string('q', 39)}…'; 'help' lists the commands", result.Error);
    }

    [Theory]
    [InlineData("rule", "'rule' needs add, edit, remove, urgent, notify or test; to list this channel's rules, use 'rules'", "rule add NAME [--urgent] EXPRESSION")]
    [InlineData("subscribe", "'subscribe' needs at least one feed id, #tag or 'all'", "subscribe FEED [FEED...]")]
    [InlineData("unsubscribe  , ,", "'unsubscribe' needs at least one feed id, #tag or 'all'", "unsubscribe FEED [FEED...]")]
    [InlineData("rule add", "'rule add' needs a rule name and an expression", "rule add NAME [--urgent] EXPRESSION")]
    [InlineData("rule add ai-chips", "'rule add' needs an expression after the rule name 'ai-chips'", "rule add NAME [--urgent] EXPRESSION")]
    [InlineData("rule edit ai-chips   ", "'rule edit' needs an expression after the rule name 'ai-chips'", "rule edit NAME EXPRESSION")]
    [InlineData("rule remove", "'rule remove' needs a rule name", "rule remove NAME")]
    [InlineData("rule test", "'rule test' needs an expression to test", "rule test [--days N] EXPRESSION")]
    [InlineData("rule test --days 30", "'rule test' needs an expression to test", "rule test [--days N] EXPRESSION")]
    [InlineData("ack", "'ack' needs an alert id, like PW-3F9K", "ack ALERT_ID [NOTE]")]
    public void Parse_MissingArguments_SaysWhatIsMissing(string text, string error, string usage)
    {
        var result = Fail(text);

        Assert.Equal(error, result.Error);
        Assert.Equal(usage, result.Usage);
    }

    [Theory]
    [InlineData("feeds fr-bis", "'feeds' takes no arguments (got 'fr-bis')", "feeds")]
    [InlineData("status now", "'status' takes no arguments (got 'now')", "status")]
    [InlineData("muted all", "'muted' takes no arguments (got 'all')", "muted")]
    [InlineData("subscriptions x", "'subscriptions' takes no arguments (got 'x')", "subscriptions")]
    [InlineData("rules ai-chips", "'rules' takes no arguments (got 'ai-chips')", "rules")]
    [InlineData("rules add ai-chips chip*", "'rules' takes no arguments; did you mean 'rule add'?", "rule add NAME [--urgent] EXPRESSION")]
    [InlineData("rule remove ai-chips entity-list", "'rule remove' takes one rule name (got 'entity-list' after 'ai-chips')", "rule remove NAME")]
    [InlineData("help ack PW-3F9K", "'help' takes one command (got 'PW-3F9K' after 'ack')", "help [VERB]")]
    public void Parse_ExtraArguments_AreRefused(string text, string error, string usage)
    {
        var result = Fail(text);

        Assert.Equal(error, result.Error);
        Assert.Equal(usage, result.Usage);
    }

    [Theory]
    [InlineData("rule test --days", "--days needs a number of days from 1 to 3650")]
    [InlineData("rule test --days 0 chip*", "--days must be a whole number of days from 1 to 3650, not '0'")]
    [InlineData("rule test --days 3651 chip*", "--days must be a whole number of days from 1 to 3650, not '3651'")]
    [InlineData("rule test --days -5 chip*", "--days must be a whole number of days from 1 to 3650, not '-5'")]
    [InlineData("rule test --days chip*", "--days must be a whole number of days from 1 to 3650, not 'chip*'")]
    [InlineData("rule test --days 99999999999 chip*", "--days must be a whole number of days from 1 to 3650, not '99999999999'")]
    [InlineData("rule test --days 7 --days 8 chip*", "--days is given twice")]
    [InlineData("rule test --weeks 2 chip*", "unknown option '--weeks'; the only option of 'rule test' is --days N")]
    public void Parse_RuleTestBadOption_IsRefused(string text, string error)
    {
        var result = Fail(text);

        Assert.Equal(error, result.Error);
        Assert.Equal("rule test [--days N] EXPRESSION", result.Usage);
    }

    [Theory]
    [InlineData("ack PX-1")]
    [InlineData("ack 3F9K")]
    [InlineData("ack PW-3F9I")]
    public void Parse_AckWithBadId_SaysWhatIdsLookLike(string text)
    {
        var result = Fail(text);

        Assert.Equal($"'{text[4..]}' is not an alert id; alert ids look like PW-3F9K", result.Error);
        Assert.Equal("ack ALERT_ID [NOTE]", result.Usage);
    }

    [Fact]
    public void Parse_AckNoteOver500Characters_IsRefused()
    {
        var result = Fail("ack PW-3F9K " + new string('n', 501));

        Assert.Equal("the note is 501 characters long; the limit is 500", result.Error);
        Assert.Equal("ack ALERT_ID [NOTE]", result.Usage);
    }

    [Theory]
    [InlineData("rule add \"ai chips\" chip*", "rule names cannot contain spaces: use ai-chips")]
    [InlineData("rule add \u201CAI  Chips\u201D chip*", "rule names cannot contain spaces: use ai-chips")]
    [InlineData("rule add 'ai chips' chip*", "rule names cannot contain spaces: use ai-chips")]
    [InlineData("rule add \"ai-chips\" chip*", "rule names are written without quotes: use ai-chips")]
    [InlineData("rule add -chips chip*", "the rule name '-chips' starts with '-'; rule names are 1 to 40 letters, digits, '-' and '_', starting with a letter or digit")]
    [InlineData("rule edit ai.chips chip*", "the rule name 'ai.chips' contains '.'; rule names are 1 to 40 letters, digits, '-' and '_', starting with a letter or digit")]
    [InlineData("rule remove \"ai chips\"", "rule names cannot contain spaces: use ai-chips")]
    [InlineData("unmute rule \"ai chips\"", "rule names cannot contain spaces: use ai-chips")]
    public void Parse_InvalidRuleName_IsRefusedWithTheFix(string text, string error)
    {
        Assert.Equal(error, Fail(text).Error);
    }

    [Fact]
    public void Parse_RuleAddQuotedNameWithSpaces_UsesRuleAddUsage()
    {
        Assert.Equal("rule add NAME [--urgent] EXPRESSION", Fail("rule add \"ai chips\" chip*").Usage);
    }

    private static CommandParseResult Fail(string text)
    {
        var result = CommandParser.Parse(text);
        Assert.False(result.IsSuccess, $"'{text}' parsed to {result.Command}");
        return result;
    }
}
