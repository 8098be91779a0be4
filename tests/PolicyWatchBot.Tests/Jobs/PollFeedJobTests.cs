using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

/// <summary>The job against a real in-memory Quartz scheduler (not started unless a test fires triggers).</summary>
public sealed class PollFeedJobTests : IAsyncLifetime
{
    private static readonly FeedDefinition Bis = Feed("fr-bis");
    private static readonly FeedDefinition Ofac = Feed("fr-ofac");
    private static readonly DateTimeOffset Backoff = new(2026, 3, 5, 10, 1, 30, 500, TimeSpan.Zero);

    private readonly RecordingPoller _poller = new();
    private readonly FeedCatalog _catalog = new([Bis, Ofac], []);
    private readonly CancellationToken _ct = Fixtures.Timeout();
    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private ServiceProvider _services = null!;
    private IScheduler _scheduler = null!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddSingleton(_catalog)
            .AddSingleton<IFeedPoller>(_poller)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IHostApplicationLifetime>(_lifetime)
            .AddQuartz(q =>
            {
                // Quartz keeps schedulers in a process-wide repository by name: one name per test.
                q.ConfigureScheduler(s => s.InstanceName = "poll-feed-job-" + Guid.NewGuid().ToString("N"));
                q.UseInMemoryStore();
            })
            .BuildServiceProvider();
        _scheduler = await _services.GetRequiredService<ISchedulerFactory>().GetScheduler(_ct);
        await _scheduler.AddJob(FeedTriggers.Job(Bis), AddJobOptions.Replacing, _ct);
        await _scheduler.AddJob(FeedTriggers.Job(Ofac), AddJobOptions.Replacing, _ct);
    }

    public async Task DisposeAsync()
    {
        await _scheduler.Shutdown(waitForJobsToComplete: true, _ct);
        await _services.DisposeAsync();
    }

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
    public async Task Execute_PollFailed_OneOffRetryAtTheEndOfTheBackoff()
    {
        _poller.Next.Enqueue(Failed(Bis, Backoff));

        await ExecuteAsync(FeedTriggers.Job(Bis));

        var retry = await _scheduler.GetTrigger(FeedTriggers.RetryKey(Bis.Id), _ct);
        Assert.NotNull(retry);
        Assert.Equal(new JobKey("fr-bis", PollFeedJob.Group), retry.JobKey);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 10, 1, 31, TimeSpan.Zero), retry.StartTimeUtc);
        Assert.Null(retry.GetFireTimeAfter(retry.StartTimeUtc));
    }

    [Fact]
    public async Task Execute_FailedAgain_TheRetryMovesToTheNewBackoff()
    {
        _poller.Next.Enqueue(Failed(Bis, Backoff));
        _poller.Next.Enqueue(Failed(Bis, Backoff.AddMinutes(2)));

        await ExecuteAsync(FeedTriggers.Job(Bis));
        await ExecuteAsync(FeedTriggers.Job(Bis));

        var triggers = await _scheduler.GetTriggersOfJob(new JobKey("fr-bis", PollFeedJob.Group), _ct);
        var retry = Assert.Single(triggers);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 10, 3, 31, TimeSpan.Zero), retry.StartTimeUtc);
    }

    [Fact]
    public async Task Execute_SkippedWhileBackingOff_KeepsTheRetryAtTheBackoffEnd()
    {
        _poller.Next.Enqueue(new PollReport(Bis.Id, PollOutcome.SkippedBackingOff, 0, 0, 0, 0, "HTTP 502", Backoff));

        await ExecuteAsync(FeedTriggers.Job(Bis));

        var retry = await _scheduler.GetTrigger(FeedTriggers.RetryKey(Bis.Id), _ct);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 10, 1, 31, TimeSpan.Zero), retry?.StartTimeUtc);
    }

    [Fact]
    public async Task Execute_PollSucceededAfterFailing_RetryRemoved()
    {
        _poller.Next.Enqueue(Failed(Bis, Backoff));
        await ExecuteAsync(FeedTriggers.Job(Bis));

        await ExecuteAsync(FeedTriggers.Job(Bis));

        Assert.Null(await _scheduler.GetTrigger(FeedTriggers.RetryKey(Bis.Id), _ct));
    }

    [Fact]
    public async Task Execute_OneFeedFailed_OtherFeedsGetNoRetry()
    {
        _poller.Next.Enqueue(Failed(Bis, Backoff));

        await ExecuteAsync(FeedTriggers.Job(Bis));

        Assert.Empty(await _scheduler.GetTriggersOfJob(new JobKey("fr-ofac", PollFeedJob.Group), _ct));
    }

    [Fact]
    public async Task Scheduler_RetryDue_FiresOnItsOwnAndPollsWithBackoffRespected()
    {
        var done = new JobsDone(2);
        _scheduler.ListenerManager.AddJobListener(done);

        // The first poll fails with a backoff already over: the retry must fire without being asked.
        // The retry fails too, so it must leave the next retry behind (replacing its own trigger).
        _poller.Next.Enqueue(Failed(Bis, TimeProvider.System.GetUtcNow().AddSeconds(-5)));
        _poller.Next.Enqueue(Failed(Bis, Backoff.AddYears(10)));
        await _scheduler.Start(_ct);
        await _scheduler.TriggerJob(new JobKey("fr-bis", PollFeedJob.Group), _ct);
        await done.All.Task.WaitAsync(TimeSpan.FromSeconds(30), _ct);

        Assert.Equal(new[] { (Bis, false), (Bis, false) }, _poller.Polled);
        var retry = await _scheduler.GetTrigger(FeedTriggers.RetryKey(Bis.Id), _ct);
        Assert.Equal(new DateTimeOffset(2036, 3, 5, 10, 1, 31, TimeSpan.Zero), retry?.StartTimeUtc);
    }

    [Fact]
    public async Task Execute_HostStopsDuringAPollThatNeverEnds_ThePollIsCancelledAndTheJobEnds()
    {
        var hung = new HungPoller();
        var job = new PollFeedJob(_catalog, hung, _lifetime, TimeProvider.System);
        using var context = JobExecutionContextBuilder.For(job).WithJob(JobFor("fr-bis")).WithScheduler(_scheduler).WithCancellation(_ct).Build();
        var running = job.Execute(context, context.CancellationToken).AsTask();
        await hung.Started.Task.WaitAsync(_ct);

        _lifetime.StopApplication();

        await running.WaitAsync(_ct);
        Assert.True(hung.Cancelled);
    }

    private static PollReport Failed(FeedDefinition feed, DateTimeOffset retryAt) =>
        new(feed.Id, PollOutcome.Failed, 0, 0, 0, 0, "HTTP 502", retryAt);

    private static IJobDetail JobFor(string feedId) =>
        JobBuilder.Create<PollFeedJob>().WithIdentity(feedId, PollFeedJob.Group).UsingJobData(PollFeedJob.FeedIdKey, feedId).Build();

    private async Task ExecuteAsync(IJobDetail detail)
    {
        var job = new PollFeedJob(_catalog, _poller, _lifetime, TimeProvider.System);
        using var context = JobExecutionContextBuilder.For(job).WithJob(detail).WithScheduler(_scheduler).WithCancellation(_ct).Build();
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
        private readonly Lock _gate = new();

        public List<(FeedDefinition Feed, bool IgnoreBackoff)> Polled { get; } = [];

        /// <summary>Reports to give, in order; once empty, every poll succeeds.</summary>
        public Queue<PollReport> Next { get; } = new();

        public Task<PollReport> PollAsync(FeedDefinition feed, bool ignoreBackoff, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Polled.Add((feed, ignoreBackoff));
                return Task.FromResult(Next.TryDequeue(out var next) ? next : new PollReport(feed.Id, PollOutcome.Polled, 0, 0, 0, 0, null));
            }
        }
    }

    private sealed class JobsDone(int expected) : IJobListener
    {
        private int _done;

        public string Name => "jobs-done";

        public TaskCompletionSource All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _done) == expected)
            {
                All.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }
    }
}
