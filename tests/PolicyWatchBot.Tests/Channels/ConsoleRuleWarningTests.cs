using Microsoft.Extensions.Configuration;
using PolicyWatchBot.Channels;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Channels;

/// <summary>A configured rule that matches almost everything is kept, and said once in the log at start.</summary>
public sealed class ConsoleRuleWarningTests : IDisposable
{
    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();

    public void Dispose()
    {
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public void Warnings_RulesMatchingItemsWithoutTheirWords_OneLineEachNamingTheKey()
    {
        var config = Read(new()
        {
            ["PolicyWatch:Console:Rules:not-china"] = "NOT china",
            ["PolicyWatch:Console:Rules:export-or"] = "export OR -china",
            ["PolicyWatch:Console:Rules:fine"] = "export NOT china",
            ["PolicyWatch:Console:Rules:broken"] = "(NOT china",
        });

        Assert.Equal(
            [
                $"PolicyWatch:Console:Rules:export-or ('export OR -china'): {RuleWarnings.OnlyNegations}",
                $"PolicyWatch:Console:Rules:not-china ('NOT china'): {RuleWarnings.OnlyNegations}",
            ],
            config.Warnings());
    }

    [Fact]
    public async Task Start_ConfiguredRuleOfOnlyNegations_KeptAndWarnedOnceInTheLog()
    {
        var logs = new RecordingLoggerProvider();

        await using (var host = await PipelineHost.StartAsync(_db, _feeds.Path, new Dictionary<string, string?>
        {
            ["PolicyWatch:Console:Rules:not-china"] = "NOT china",
            ["PolicyWatch:Console:Rules:bis"] = "agency:bis",
        }, logs: logs))
        {
            var console = await host.Store.EnsureChannelAsync(ChannelKey.Console(ConsoleChannelConfig.ChannelName), ConsoleChannelConfig.ChannelName, Fixtures.Timeout());
            Assert.Equal(["bis", "not-china"], (await host.Store.GetRulesAsync(console, Fixtures.Timeout())).Select(r => r.Name).Order(StringComparer.Ordinal));
        }

        var warning = Assert.Single(logs.Lines, l => l.Contains("PolicyWatch:Console:Rules:", StringComparison.Ordinal));
        Assert.StartsWith("Warning ", warning, StringComparison.Ordinal);
        Assert.Contains($"PolicyWatch:Console:Rules:not-china ('NOT china'): {RuleWarnings.OnlyNegations}", warning, StringComparison.Ordinal);
    }

    private static ConsoleChannelConfig Read(Dictionary<string, string?> settings) =>
        ConsoleChannelConfig.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
