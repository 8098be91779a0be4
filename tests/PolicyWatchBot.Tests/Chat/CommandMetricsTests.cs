using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Observability;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>Every command is counted on /metrics by platform, verb and outcome.</summary>
public sealed class CommandMetricsTests : ConversationTest
{
    private PolicyWatchMetrics Metrics => Host.Services.GetRequiredService<PolicyWatchMetrics>();

    [Fact]
    public async Task HandleAsync_DoneAndRefusedCommands_CountedByVerbAndOutcome()
    {
        await SayAsync("rule add bis agency:bis");
        await SayAsync("rule add ofac agency:ofac");
        await SayAsync("rule remove bis", Bob);

        Assert.Equal(2, Metrics.Get("policywatch_commands_total", "platform=\"console\",verb=\"rule add\",outcome=\"Done\""));
        Assert.Equal(1, Metrics.Get("policywatch_commands_total", "platform=\"console\",verb=\"rule remove\",outcome=\"Refused\""));
    }

    [Fact]
    public async Task HandleTextAsync_MalformedText_CountedAsMalformed()
    {
        await SayAsync("subscibe fr-bis");

        Assert.Equal(1, Metrics.Get("policywatch_commands_total", "platform=\"console\",verb=\"(malformed)\",outcome=\"Invalid\""));
        Assert.DoesNotContain("verb=\"subscribe\"", Metrics.Render(new Dictionary<string, long>()), StringComparison.Ordinal);
    }
}
