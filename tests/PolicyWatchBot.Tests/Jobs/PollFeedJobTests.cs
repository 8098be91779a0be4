using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Tests.Infrastructure;
using Quartz;
using Quartz.Extensibility;

namespace PolicyWatchBot.Tests.Jobs;

public sealed class PollFeedJobTests
{
    private static readonly FeedDefinition Bis = Feed("fr-bis");
    private static readonly FeedDefinition Ofac = Feed("fr-ofac");

    private readonly RecordingPoller _poller = new();
    private readonly FeedCatalog _catalog = new([Bis, Ofac], []);
    private readonly CancellationToken _ct = Fixtures.Timeout();
    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);

    private static FeedDefinition Feed(string id) => new()
    {
        Id = new FeedId(id),
        Title = "Test feed " + id,
        Kind = FeedKind.FederalRegister,
        Url = new Uri("https://www.federalregister.gov/api/v1/documents.json"),
        Schedule = new FeedSchedule { Interval = TimeSpan.FromHours(1) },
        Jurisdiction = "us",
    };

    [Fact]
    public async Task Execute_FeedInCatalogue_PollsThatFeed()
    {
        await ExecuteAsync(FeedTriggers.Job(Ofac));

        Assert.Equal(new[] { Ofac }, _poller.Polled.Select(p => p.Feed));
    }

    [Fact]
    public async Task Execute_ScheduledFiring_DoesNotIgnoreBackoff()
    {
        await ExecuteAsync(FeedTriggers.Job(Bis));

        Assert.False(Assert.Single(_poller.Polled).IgnoreBackoff);
    }

    [Fact]
    public async Task Execute_FeedIdInOtherCase_PollsThatFeed()
    {
        await ExecuteAsync(JobFor("FR-BIS"));

        Assert.Equal(new[] { Bis }, _poller.Polled.Select(p => p.Feed));
    }

    [Fact]
    public async Task Execute_FeedNoLongerInCatalogue_PollsNothing()
    {
        await ExecuteAsync(JobFor("fr-removed"));

        Assert.Empty(_poller.Polled);
    }

    [Fact]
    public async Task Execute_NoFeedIdInJobData_PollsNothing()
    {
        await ExecuteAsync(JobBuilder.Create<PollFeedJob>().WithIdentity("orphan", PollFeedJob.Group).Build());

        Assert.Empty(_poller.Polled);
    }

    [Fact]
    public async Task Execute_HostStopsDuringAPollThatNeverEnds_ThePollIsCancelledAndTheJobEnds()
    {
        var hung = new HungPoller();
        var job = new PollFeedJob(_catalog, hung, _lifetime);
        using var context = JobExecutionContextBuilder.For(job).WithJob(JobFor("fr-bis")).WithCancellation(_ct).Build();
        var running = job.Execute(context, context.CancellationToken).AsTask();
        await hung.Started.Task.WaitAsync(_ct);

        _lifetime.StopApplication();

        await running.WaitAsync(_ct);
        Assert.True(hung.Cancelled);
    }

    private static IJobDetail JobFor(string feedId) =>
        JobBuilder.Create<PollFeedJob>().WithIdentity(feedId, PollFeedJob.Group).UsingJobData(PollFeedJob.FeedIdKey, feedId).Build();

    private async Task ExecuteAsync(IJobDetail detail)
    {
        var job = new PollFeedJob(_catalog, _poller, _lifetime);
        using var context = JobExecutionContextBuilder.For(job).WithJob(detail).WithCancellation(_ct).Build();
        await job.Execute(context, context.CancellationToken);
    }

    private sealed class HungPoller : IFeedPoller
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Cancelled { get; private set; }

        public async Task<PollReport> PollAsync(FeedDefinition feed, bool ignoreBackoff, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }

            throw new InvalidOperationException("a poll that never ends ended");
        }
    }

    private sealed class RecordingPoller : IFeedPoller
    {
        public List<(FeedDefinition Feed, bool IgnoreBackoff)> Polled { get; } = [];

        public Task<PollReport> PollAsync(FeedDefinition feed, bool ignoreBackoff, CancellationToken cancellationToken)
        {
            Polled.Add((feed, ignoreBackoff));
            return Task.FromResult(new PollReport(feed.Id, PollOutcome.Polled, 0, 0, 0, 0, null));
        }
    }
}
