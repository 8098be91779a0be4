using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>Every command is counted on /metrics by platform, verb and outcome.</summary>
public sealed class CommandMetricsTests : ConversationTest
{
    private Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long> Commands() =>
        TestMetrics.Collect<long>(Host.Services.GetRequiredService<IMeterFactory>(), "policywatch_commands");

    [Fact]
    public async Task HandleAsync_DoneAndRefusedCommands_CountedByVerbAndOutcome()
    {
        using var commands = Commands();

        await SayAsync("rule add bis agency:bis");
        await SayAsync("rule add ofac agency:ofac");
        await SayAsync("rule remove bis", Bob);

        Assert.Equal(2, TestMetrics.Sum(commands, ("platform", "console"), ("verb", "rule add"), ("outcome", "Done")));
        Assert.Equal(1, TestMetrics.Sum(commands, ("platform", "console"), ("verb", "rule remove"), ("outcome", "Refused")));
    }

    [Fact]
    public async Task HandleTextAsync_MalformedText_CountedAsMalformed()
    {
        using var commands = Commands();

        await SayAsync("subscibe fr-bis");

        Assert.Equal(1, TestMetrics.Sum(commands, ("platform", "console"), ("verb", "(malformed)"), ("outcome", "Invalid")));
        Assert.DoesNotContain(commands.GetMeasurementSnapshot(), m => Equals(m.Tags["verb"], "subscribe"));
    }
}
