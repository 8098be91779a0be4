using Xunit.Abstractions;
using Xunit.Sdk;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// A store test written once and run against each store: its class's subclasses say which
/// (<see cref="IPostgresStoreTest"/> for PostgreSQL). Without a PostgreSQL server configured the
/// PostgreSQL subclasses' tests are reported skipped, with the reason, never silently left out.
/// </summary>
[XunitTestCaseDiscoverer("PolicyWatchBot.Tests.Infrastructure.StoreFactDiscoverer", "PolicyWatchBot.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a test class that runs against the PostgreSQL test server.</summary>
public interface IPostgresStoreTest;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _facts = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var onPostgres = typeof(IPostgresStoreTest).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType());
        if (onPostgres && PostgresTestServer.SkipReason is { } reason)
        {
            return
            [
                new XunitSkippedDataRowTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason),
            ];
        }

        return _facts.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
