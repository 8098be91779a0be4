using System.Collections.Concurrent;
using System.Reflection;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Tests.Delivery;

/// <summary>A real store behind a proxy that counts the calls of each method (how often the dispatcher claimed, for instance).</summary>
public class CountingStore : DispatchProxy
{
    private IStore _inner = null!;

    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public int CallsOf(string method) => Calls.GetValueOrDefault(method);

    internal static (IStore Store, CountingStore Counts) Wrap(IStore inner)
    {
        var proxy = Create<IStore, CountingStore>();
        var counts = (CountingStore)(object)proxy;
        counts._inner = inner;
        return (proxy, counts);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.AddOrUpdate(targetMethod.Name, 1, (_, n) => n + 1);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
