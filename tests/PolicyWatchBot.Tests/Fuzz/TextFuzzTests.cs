using CsCheck;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PolicyWatchBot.Tests.Fuzz;

/// <summary>Any string at all: the tokenizer, rule names and the command grammar never throw on it.</summary>
public sealed class TextFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] CommandPieces =
    [
        "/policywatch", "help", "feeds", "subscribe", "unsubscribe", "subscriptions", "rule", "add", "edit", "remove", "test", "rules", "mute", "unmute", "muted",
        "ack", "status", "fr-bis", "bis-rules", "ai-chips", "\"ai chips\"", "'", "“", "--days", "30", "-1", "99999999999999999999", "for", "2w", "1d12h", "90m",
        "0m", "feed:", "rule:", "alert", "PW-12", "PW-", "all", ",", "export NOT china", "/([a-z]+\\s?){1,30}\\Z/", "note", "#desk",
    ];

    private static readonly Gen<string> AnyText = HostileText.Mixed(Gen.OneOf("export", "Control", "744.21", "U.S.", "x"), 40);

    private static readonly Gen<string> Command = Gen.Frequency(
        (5, HostileText.Mixed(Gen.OneOf(CommandPieces), 16)),
        (1, HostileText.Mixed(Gen.OneOf(CommandPieces), 2_000)));

    [Fact]
    public void Tokenize_AnyString_NeverThrowsAndYieldsWellFormedTokens()
    {
        var run = new FuzzRun("tokenizer", output);

        AnyText.Sample(text => run.Measure(text, () =>
        {
            foreach (var token in TextTokenizer.Tokenize(text))
            {
                Assert.NotEmpty(token);
                Assert.True(WellFormedText.IsWellFormed(token), $"token '{token}' of '{text}' is not well-formed");
                Assert.DoesNotContain(token, char.IsWhiteSpace);
            }
        }), iter: FuzzRun.Iterations(20_000), threads: 1);

        run.Report();
    }

    [Fact]
    public void RuleNameValidate_AnyString_NeverThrowsAndValidNamesAreStable()
    {
        var run = new FuzzRun("rule names", output);

        AnyText.Sample(text => run.Measure(text, () =>
        {
            var result = RuleName.Validate(text);
            if (result.IsValid)
            {
                Assert.Equal(result.Name, RuleName.Validate(result.Name).Name);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(result.Error));
            }
        }), iter: FuzzRun.Iterations(20_000), threads: 1);

        run.Report();
    }

    [Fact]
    public void CommandParse_HostileCommands_NeverThrowAndAnswerEveryTime()
    {
        var run = new FuzzRun("commands", output);

        Command.Sample(text => run.Measure(text, () =>
        {
            var result = CommandParser.Parse(text);
            Assert.True(result.Command is not null || !string.IsNullOrWhiteSpace(result.Error), $"'{text}' gave neither a command nor an error");
        }), iter: FuzzRun.Iterations(10_000), threads: 1);

        run.Report();
    }
}
