using System.Text.Json;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Cli;

public sealed class MatchVerbTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "policywatch-match", Guid.NewGuid().ToString("N"));
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public MatchVerbTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        _output.Dispose();
        _error.Dispose();
    }

    [Fact]
    public void Run_FederalRegisterFixture_PrintsOneJsonLinePerRuleAndItem()
    {
        var rules = Rules("# agencies\n\nbis: agency:\"industry and security\"\nofac: agency:\"foreign assets control\"\n");

        var exit = Run("--rules", rules, Fixtures.FederalRegisterDocuments);

        Assert.Equal(0, exit);
        var lines = Lines().Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["2024-00190", "2024-00359", "2024-00422", "2024-00582"],
            lines.Where(l => l.GetProperty("rule").GetString() == "bis").Select(l => l.GetProperty("item").GetString()).Order());
        Assert.Equal(["2024-00273", "2024-00274", "2024-00594", "2024-00734"],
            lines.Where(l => l.GetProperty("rule").GetString() == "ofac").Select(l => l.GetProperty("item").GetString()).Order());
        Assert.Contains(lines, l => l.GetProperty("title").GetString() == "Inflation Adjustment of Civil Monetary Penalties");
    }

    [Fact]
    public void Run_TitleWithApostrophe_WrittenReadably()
    {
        var exit = Run("--rules", Rules("pecsea: title:\"export council\""), Fixtures.FederalRegisterDocuments);

        Assert.Equal(0, exit);
        Assert.Contains("\"title\":\"Notice of Reestablishment of the President's Export Council", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SameInputTwice_EachRuleItemPairPrintedOnce()
    {
        var rules = Rules("bis: agency:\"industry and security\"");

        var exit = Run("--rules", rules, Fixtures.FederalRegisterDocuments, Fixtures.FederalRegisterDocuments);

        Assert.Equal(0, exit);
        Assert.Equal(4, Lines().Count);
    }

    [Fact]
    public void Run_TextFormat_PrintsTabSeparatedLines()
    {
        var exit = Run("--rules", Rules("penalties: title:\"civil monetary penalties\""), "--format", "text", Fixtures.FederalRegisterDocuments);

        Assert.Equal(0, exit);
        Assert.Contains("penalties\t2024-00594\tInflation Adjustment of Civil Monetary Penalties", Lines());
    }

    [Fact]
    public void Run_WithoutFeed_FeedFieldIsEmpty()
    {
        var exit = Run("--rules", Rules("f: feed:fr-bis"), Fixtures.FederalRegisterDocuments);

        Assert.Equal(0, exit);
        Assert.Empty(Lines());
    }

    [Fact]
    public void Run_WithFeed_FeedAndJurisdictionApply()
    {
        var exit = Run("--rules", Rules("f: feed:\"fr-bis\" jurisdiction:us"), "--feed", "fr-bis", Fixtures.FederalRegisterDocuments);

        Assert.Equal(0, exit);
        Assert.Equal(1000, Lines().Count);
    }

    [Fact]
    public void Run_AtomInput_ItemIsTheAtomId()
    {
        var exit = Run("--rules", Rules("all: -zzzzqqq"), Fixtures.ArxivAtom);

        Assert.Equal(0, exit);
        var items = Lines().Select(l => JsonDocument.Parse(l).RootElement.GetProperty("item").GetString()!).ToList();
        Assert.Equal(10, items.Count);
        Assert.All(items, i => Assert.StartsWith("http://arxiv.org/abs/", i, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_RuleOfOnlyNegations_WarnedOnStandardErrorAndStillMatched()
    {
        var rules = Rules("bis: agency:\"industry and security\"\nall: -zzzzqqq\n");

        var exit = Run("--rules", rules, Fixtures.ArxivAtom);

        Assert.Equal(0, exit);
        Assert.Equal($"{rules}:2: rule 'all': warning: {PolicyWatchBot.Core.Rules.RuleWarnings.OnlyNegations}", _error.ToString().TrimEnd());
        Assert.Equal(10, Lines().Count);
    }

    [Fact]
    public void Run_InvalidRule_Exit2NamingFileLineAndColumn()
    {
        var rules = Rules("ok: chip\nbad: (semiconductor OR chip\n");

        var exit = Run("--rules", rules, Fixtures.FederalRegisterDocuments);

        Assert.Equal(2, exit);
        var message = _error.ToString();
        Assert.Contains(rules + ":2:", message, StringComparison.Ordinal);
        Assert.Contains("column", message, StringComparison.Ordinal);
        Assert.Empty(_output.ToString());
    }

    [Fact]
    public void Run_UnparseableInput_Exit2NamingTheFile()
    {
        var input = Path.Combine(_folder, "broken.json");
        File.WriteAllText(input, "<html><body>Request Access</body></html>");

        var exit = Run("--rules", Rules("x: chip"), input);

        Assert.Equal(2, exit);
        Assert.Contains("broken.json", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingRulesOption_Exit2WithUsage()
    {
        var exit = Run(Fixtures.FederalRegisterDocuments);

        Assert.Equal(2, exit);
        Assert.Contains("usage: policywatch match", _error.ToString(), StringComparison.Ordinal);
    }

    private int Run(params string[] args) => MatchVerb.Run(args, _output, _error, Fixtures.RepoRoot);

    private string Rules(string text)
    {
        var path = Path.Combine(_folder, "rules.txt");
        File.WriteAllText(path, text);
        return path;
    }

    private List<string> Lines() =>
        _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
