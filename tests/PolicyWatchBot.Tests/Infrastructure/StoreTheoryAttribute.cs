using Xunit.Abstractions;
using Xunit.Sdk;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// <see cref="StoreFactAttribute"/> for a theory: run against each store its class's subclasses name,
/// the PostgreSQL subclasses' rows reported skipped, with the reason, when no server is configured.
/// </summary>
[XunitTestCaseDiscoverer("PolicyWatchBot.Tests.Infrastructure.StoreTheoryDiscoverer", "PolicyWatchBot.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreTheoryAttribute : TheoryAttribute;

public sealed class StoreTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly TheoryDiscoverer _theories = new(diagnosticMessageSink);

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

        return _theories.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
