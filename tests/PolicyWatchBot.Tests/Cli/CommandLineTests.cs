using System.Text.RegularExpressions;
using PolicyWatchBot.Cli;

namespace PolicyWatchBot.Tests.Cli;

/// <summary>
/// The program's own options and the verbs' usage: help in its three spellings, a verb's help,
/// the version, and "did you mean" for a mistyped verb or option. None of them starts anything:
/// each would never return if it started the worker.
/// </summary>
public sealed partial class CommandLineTests
{
    private static readonly string[] VerbNames = ["run", "poll", "feeds", "match", "chat", "discord", "audit"];

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_AnySpelling_ListsEveryVerbAndExits0(string help)
    {
        var (exit, output, _) = await RunAsync(help);

        Assert.Equal(0, exit);
        Assert.All(VerbNames.Skip(1), verb => Assert.Contains($"policywatch {verb}", output, StringComparison.Ordinal));
        Assert.Contains("policywatch [run]", output, StringComparison.Ordinal);
        Assert.Contains("policywatch --version", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("poll", "usage: policywatch poll --once [--feed ID]")]
    [InlineData("feeds", "usage: policywatch feeds [--dir DIR]")]
    [InlineData("match", "usage: policywatch match --rules FILE")]
    [InlineData("chat", "usage: policywatch chat --channel NAME")]
    [InlineData("discord", "usage: policywatch discord register-commands [--guild ID]")]
    [InlineData("audit", "usage: policywatch audit export")]
    [InlineData("run", "usage: policywatch [run]")]
    public async Task VerbHelp_BothSpellings_PrintThatVerbsUsageAndExit0(string verb, string usage)
    {
        var (exit, output, _) = await RunAsync(verb, "--help");
        var (helpExit, helpOutput, _) = await RunAsync("help", verb);
        var (shortExit, shortOutput, _) = await RunAsync(verb, "-h");

        Assert.Equal((0, 0, 0), (exit, helpExit, shortExit));
        Assert.StartsWith(usage, output, StringComparison.Ordinal);
        Assert.Contains("exit: 0", output, StringComparison.Ordinal);
        Assert.Equal(output, helpOutput);
        Assert.Equal(output, shortOutput);
    }

    [Fact]
    public async Task PollHelp_WithOtherOptions_StillOnlyHelps()
    {
        var (exit, output, error) = await RunAsync("poll", "--once", "--feed", "fr-bis", "--help");

        Assert.Equal(0, exit);
        Assert.StartsWith("usage: policywatch poll", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Version_PrintsTheProgramsVersion()
    {
        var (exit, output, _) = await RunAsync("--version");

        Assert.Equal(0, exit);
        Assert.Matches(VersionLine(), output.Trim());
    }

    [Theory]
    [InlineData("pol", "unknown verb 'pol'; did you mean 'poll'?")]
    [InlineData("feed", "unknown verb 'feed'; did you mean 'feeds'?")]
    [InlineData("mtach", "unknown verb 'mtach'; did you mean 'match'?")]
    public async Task UnknownVerb_Exits2WithTheClosest(string verb, string message)
    {
        var (exit, _, error) = await RunAsync(verb, "--once");

        Assert.Equal(2, exit);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown option '--fed' for poll; did you mean '--feed'?", "poll", "--once", "--fed", "fr-bis")]
    [InlineData("unknown option '--dri' for feeds; did you mean '--dir'?", "feeds", "--dri", "x")]
    [InlineData("unknown option '--chanel' for chat; did you mean '--channel'?", "chat", "--chanel", "desk", "status")]
    [InlineData("unknown option '--rule' for match; did you mean '--rules'?", "match", "--rule", "rules.txt", "input.json")]
    [InlineData("unknown option '--guid' for discord register-commands; did you mean '--guild'?", "discord", "register-commands", "--guid", "1")]
    [InlineData("unknown discord subcommand 'register-command'; did you mean 'register-commands'?", "discord", "register-command")]
    [InlineData("unknown option '--url' for run; did you mean '--urls'?", "run", "--url", "http://127.0.0.1:5081")]
    [InlineData("unknown option '--verison'; did you mean '--version'?", "--verison")]
    [InlineData("unknown option '--once'; did you mean 'policywatch poll --once'?", "--once")]
    public async Task UnknownOption_Exits2WithTheClosest(string message, params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error).WaitAsync(TimeSpan.FromSeconds(30));
        return (exit, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"^policywatch \d+\.\d+\.\d+")]
    private static partial Regex VersionLine();
}
