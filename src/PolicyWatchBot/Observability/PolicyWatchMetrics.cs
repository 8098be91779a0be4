using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace PolicyWatchBot.Observability;

/// <summary>Process-wide counters, rendered as Prometheus text on <c>GET /metrics</c>.</summary>
public sealed class PolicyWatchMetrics
{
    private readonly ConcurrentDictionary<(string Name, string Labels), long> _counters = new();

    public void PollCompleted(string feed, string outcome) => Add("policywatch_polls_total", $"feed=\"{feed}\",outcome=\"{outcome}\"");

    public void ItemsDiffed(string feed, int @new, int changed)
    {
        Add("policywatch_items_new_total", $"feed=\"{feed}\"", @new);
        Add("policywatch_items_changed_total", $"feed=\"{feed}\"", changed);
    }

    public void AlertsQueued(string feed, int count) => Add("policywatch_alerts_queued_total", $"feed=\"{feed}\"", count);

    public void AlertSent(string platform, string feed) => Add("policywatch_alerts_sent_total", $"feed=\"{feed}\",platform=\"{platform}\"");

    public void AlertFailed(string platform, string feed) => Add("policywatch_alerts_failed_total", $"feed=\"{feed}\",platform=\"{platform}\"");

    public void AlertRetried(string platform, string feed) => Add("policywatch_alerts_retried_total", $"feed=\"{feed}\",platform=\"{platform}\"");

    public void CommandHandled(string platform, string verb, string outcome) =>
        Add("policywatch_commands_total", $"platform=\"{platform}\",verb=\"{verb}\",outcome=\"{outcome}\"");

    public long Get(string name, string labels) => _counters.GetValueOrDefault((name, labels));

    public string Render(IReadOnlyDictionary<string, long> gauges)
    {
        var text = new StringBuilder();
        foreach (var group in _counters.GroupBy(c => c.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append("# TYPE ").Append(group.Key).Append(" counter\n");
            foreach (var counter in group.OrderBy(c => c.Key.Labels, StringComparer.Ordinal))
            {
                text.Append(group.Key).Append('{').Append(counter.Key.Labels).Append("} ")
                    .Append(counter.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        foreach (var group in gauges.GroupBy(g => g.Key.Split('{')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append("# TYPE ").Append(group.Key).Append(" gauge\n");
            foreach (var (name, value) in group.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    private void Add(string name, string labels, long amount = 1)
    {
        if (amount != 0)
        {
            _counters.AddOrUpdate((name, labels), amount, (_, value) => value + amount);
        }
    }
}
