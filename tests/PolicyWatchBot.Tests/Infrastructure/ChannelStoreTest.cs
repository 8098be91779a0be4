using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>A store test with one console channel ready, and the outbox owner and lease the claims use.</summary>
public abstract class ChannelStoreTest : SqliteStoreTest
{
    internal const string Owner = "worker-a";

    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    internal long Channel { get; private set; }

    internal DateTimeOffset Now => Clock.GetUtcNow();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Channel = await StoreTestData.ConsoleChannelAsync(Store);
    }
}
