using Microsoft.Extensions.Configuration;
using PolicyWatchBot.Hosting;

namespace PolicyWatchBot.Tests.Cli;

public sealed class InstanceIdentityTests
{
    [Fact]
    public void From_NothingConfigured_HostNameAndProcessIdNotClustered()
    {
        var identity = InstanceIdentity.From(Configuration());

        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", identity.Id);
        Assert.False(identity.Clustered);
    }

    [Fact]
    public void From_ConfiguredOnPostgres_ThatIdClustered()
    {
        var identity = InstanceIdentity.From(Configuration(("PolicyWatch:InstanceId", " bot-a.eu-1 "), ("PolicyWatch:Storage:Provider", "postgres")));

        Assert.Equal("bot-a.eu-1", identity.Id);
        Assert.True(identity.Clustered);
    }

    [Theory]
    [InlineData("bot a")]
    [InlineData("bot/a")]
    [InlineData("bøt")]
    public void From_CharactersAnIdCannotHave_RefusedNamingTheKey(string id)
    {
        var ex = Assert.Throws<StartupProblemException>(() => InstanceIdentity.From(Configuration(("PolicyWatch:InstanceId", id))));

        Assert.StartsWith($"PolicyWatch:InstanceId '{id}' is not an instance id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_LongerThan100_Refused()
    {
        Assert.Throws<StartupProblemException>(() => InstanceIdentity.From(Configuration(("PolicyWatch:InstanceId", new string('a', 101)))));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
