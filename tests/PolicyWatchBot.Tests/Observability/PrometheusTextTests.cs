using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Observability;

/// <summary>The test parser of the Prometheus text format reads valid scrapes and refuses what Prometheus would.</summary>
public sealed class PrometheusTextTests
{
    private const string Valid = """
        # HELP policywatch_polls_total Polls of each feed.
        # TYPE policywatch_polls_total counter
        policywatch_polls_total{feed="fr-bis",outcome="Polled"} 3
        policywatch_polls_total{feed="a \"quoted\\ \nfeed",outcome="Failed",} 1 1700000000000
        # TYPE policywatch_outbox_digests_pending gauge
        policywatch_outbox_digests_pending{} 0
        # TYPE policywatch_poll_duration_seconds histogram
        policywatch_poll_duration_seconds_bucket{feed="fr-bis",le="0.5"} 1
        policywatch_poll_duration_seconds_bucket{feed="fr-bis",le="1"} 2
        policywatch_poll_duration_seconds_bucket{feed="fr-bis",le="+Inf"} 2
        policywatch_poll_duration_seconds_sum{feed="fr-bis"} 1.25
        policywatch_poll_duration_seconds_count{feed="fr-bis"} 2

        """;

    [Fact]
    public void Parse_ValidScrape_FamiliesTypesLabelsAndValues()
    {
        var scrape = PrometheusText.Parse(Valid.ReplaceLineEndings("\n"));

        Assert.Equal("counter", scrape["policywatch_polls_total"].Type);
        Assert.Equal("Polls of each feed.", scrape["policywatch_polls_total"].Help);
        Assert.Equal(1, scrape["policywatch_polls_total"].Value(("feed", "a \"quoted\\ \nfeed"), ("outcome", "Failed")));
        Assert.Equal(0, scrape["policywatch_outbox_digests_pending"].Value());
        Assert.Equal(2, scrape["policywatch_poll_duration_seconds"].Value("policywatch_poll_duration_seconds_count", ("feed", "fr-bis")));
    }

    [Theory]
    [InlineData("# TYPE x counter\nx 1\n# TYPE y gauge\ny 1\nx{a=\"b\"} 2\n", "not all together")]
    [InlineData("# TYPE x counter\n# TYPE x counter\nx 1\n", "given twice")]
    [InlineData("x 1\n# TYPE x counter\n", "after its samples")]
    [InlineData("# TYPE x counter\nx -1\n", "a counter cannot be")]
    [InlineData("# TYPE x gauge\nx{a=\"b\"} 1\nx{a=\"b\"} 2\n", "given twice")]
    [InlineData("x{a=\"b\\t\"} 1\n", "not an escape")]
    [InlineData("x{a=\"b} 1\n", "is not closed")]
    [InlineData("x{__a=\"b\"} 1\n", "expected label")]
    [InlineData("1x 1\n", "not a valid metric name")]
    [InlineData("x one\n", "expected a value")]
    [InlineData("x 1", "end with a line feed")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 3\nh_sum 4\nh_count 2\n", "+Inf bucket must be last and equal _count")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"0.5\"} 2\nh_bucket{le=\"+Inf\"} 2\nh_sum 4\nh_count 2\n", "must rise")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n", "no _sum")]
    [InlineData("# TYPE x wibble\n", "not a metric type")]
    public void Parse_InvalidScrape_RefusedSayingWhy(string text, string why)
    {
        var refused = Assert.Throws<FormatException>(() => PrometheusText.Parse(text));

        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }
}
