using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Docs;

/// <summary>
/// README.md and docs/ stand on their own and stay true to the code: every link resolves inside the
/// repository, and the examples of docs/rules.md and the verbs of docs/commands.md are the parser's
/// and the catalogue's.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = Fixtures.RepoRoot;

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var path in DocumentPaths())
        {
            data.Add(Path.GetRelativePath(Root, path).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Links_EveryRelativeLink_IsAFileOrHeadingOfTheRepository(string document)
    {
        var path = Path.Combine(Root, document);
        var problems = new List<string>();
        foreach (Match link in MarkdownLink().Matches(File.ReadAllText(path)))
        {
            var target = link.Groups["target"].Value;
            if (target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!resolved.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                problems.Add($"{target}: outside the repository");
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                problems.Add($"{target}: no such file");
            }
            else if (anchor is not null && File.Exists(resolved) && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
            {
                problems.Add($"{target}: no heading #{anchor}");
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Text_NeverPointsAtTheContractsOutsideTheRepository(string document)
    {
        var text = File.ReadAllText(Path.Combine(Root, document));

        Assert.DoesNotContain("../shared", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RULES.md", text, StringComparison.Ordinal);
        Assert.DoesNotContain("COMMANDS.md", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_ABrokenLinkIsCaught()
    {
        var anchors = Anchors("# Keyword rules\n## Rules in configuration\n## NEAR\n");

        Assert.Contains("rules-in-configuration", anchors);
        Assert.Contains("near", anchors);
        Assert.DoesNotContain("rules", anchors);
    }

    [Fact]
    public void RulesGuide_EveryExampleRule_ParsesWithAValidName()
    {
        var rules = FencedBlocks("docs/rules.md", "rules")
            .SelectMany(block => block.Split('\n'))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

        Assert.True(rules.Count >= 5, $"only {rules.Count} example rules");
        foreach (var line in rules)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0, line);
            Assert.True(RuleName.Validate(line[..colon]).IsValid, line);
            var parsed = RuleParser.Parse(line[(colon + 1)..].Trim());
            Assert.True(parsed.IsSuccess, $"{line}: {parsed.Error}");
        }
    }

    [Fact]
    public void RulesGuide_EveryErrorExample_IsTheParsersMessage()
    {
        var examples = FencedBlocks("docs/rules.md", "rule-errors")
            .SelectMany(block => block.Split("\n\n"))
            .Select(pair => pair.Split('\n'))
            .ToList();

        Assert.True(examples.Count >= 10, $"only {examples.Count} error examples");
        foreach (var example in examples)
        {
            Assert.Equal(2, example.Length);
            Assert.Equal(example[1], RuleParser.Parse(example[0]).Error?.Text);
        }
    }

    [Fact]
    public void RulesGuide_TokenTable_IsTheTokenizers()
    {
        var rows = TableRows("docs/rules.md", "| text | words |");

        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var text = CodeSpans(row[0]).Single();
            Assert.Equal(CodeSpans(row[1]), TextTokenizer.Tokenize(text));
        }
    }

    [Fact]
    public void RulesGuide_FieldTable_ListsEveryFieldOfTheParser()
    {
        var documented = TableRows("docs/rules.md", "| field | what it holds |").Select(row => CodeSpans(row[0]).Single()).ToList();

        foreach (var field in Enum.GetValues<RuleField>())
        {
            Assert.Contains(field.ToString().ToLowerInvariant(), documented);
        }

        Assert.Equal(Enum.GetValues<RuleField>().Length, documented.Count);
        Assert.All(documented, name => Assert.True(RuleParser.Parse(name + ":x").IsSuccess, name));
    }

    [Fact]
    public void CommandsGuide_CommandTable_HasEveryVerbOfTheCatalogueWithWhoMay()
    {
        var rows = TableRows("docs/commands.md", "| command | what it does | who |");

        foreach (var entry in CommandCatalog.All)
        {
            var row = rows.FirstOrDefault(r => CodeSpans(r[0]).Any(code => code == entry.Verb || code.StartsWith(entry.Verb + " ", StringComparison.Ordinal)));
            Assert.True(row is not null, $"docs/commands.md does not list '{entry.Verb}'");
            Assert.Equal(entry.ManagersOnly ? "managers" : "anyone", row[2]);
        }
    }

    [Fact]
    public void Readme_CatalogueTable_ListsEveryShippedFeedUnderItsJurisdictionWithVerifiedOrNot()
    {
        var shipped = FeedCatalogLoader.Load(Path.Combine(Root, "feeds"));
        var listed = new Dictionary<string, (string Jurisdiction, string Payload)>(StringComparer.Ordinal);
        string? jurisdiction = null;
        foreach (var row in TableRows("README.md", "| id | what it catches | how often | payload |"))
        {
            if (row[0].StartsWith("**", StringComparison.Ordinal))
            {
                jurisdiction = row[0].Trim('*');
                continue;
            }

            Assert.True(row.Length == 4 && row[2].Length > 0, $"README catalogue row '{row[0]}' says not what it catches and how often");
            foreach (var id in CodeSpans(row[0]))
            {
                listed.Add(id, (jurisdiction!, row[3]));
            }
        }

        Assert.Equal(shipped.Feeds.Select(f => f.Id.Value).Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.All(shipped.Feeds, feed =>
        {
            Assert.Equal(Jurisdictions.NameOf(feed.Jurisdiction), listed[feed.Id.Value].Jurisdiction);
            Assert.Equal(feed.Verified ? "verified" : "not verified", listed[feed.Id.Value].Payload);
        });
    }

    private static IEnumerable<string> DocumentPaths() =>
        new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md"))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "deploy"), "*.md"))
            .Order(StringComparer.Ordinal);

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && line.StartsWith('#'))
            {
                var title = line.TrimStart('#').Trim().ToLowerInvariant();
                anchors.Add(string.Concat(title.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-'));
            }
        }

        return anchors;
    }

    private static List<string> FencedBlocks(string document, string info)
    {
        var blocks = new List<string>();
        var lines = File.ReadAllText(Path.Combine(Root, document)).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] == "```" + info)
            {
                var end = Array.IndexOf(lines, "```", i + 1);
                blocks.Add(string.Join('\n', lines[(i + 1)..end]));
                i = end;
            }
        }

        Assert.NotEmpty(blocks);
        return blocks;
    }

    /// <summary>The cells of the table under <paramref name="header"/>, without the header and the separator.</summary>
    private static List<string[]> TableRows(string document, string header)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, document));
        var start = Array.IndexOf(lines, header);
        Assert.True(start >= 0, $"{document} has no table '{header}'");
        return lines.Skip(start + 2)
            .TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Trim('|').Split(" | ").Select(cell => cell.Trim()).ToArray())
            .ToList();
    }

    private static List<string> CodeSpans(string cell) => [.. CodeSpan().Matches(cell).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
