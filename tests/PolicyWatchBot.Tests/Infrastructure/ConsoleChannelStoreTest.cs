using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>A store test, on each store, with one console channel (#alerts) ready.</summary>
public abstract class ConsoleChannelStoreTest<TArea> : StoreTest<TArea>
    where TArea : class
{
    internal long Channel { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Channel = await StoreTestData.ConsoleChannelAsync(StoreAs<IChannelStore>());
    }
}
