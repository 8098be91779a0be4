using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Deploy;

/// <summary>
/// The folder <c>dotnet publish</c> makes (docs/deploy.md) runs on its own: it tells its version and
/// verbs without the repository, carries its settings and feed catalogue, polls a loopback feed, honours HTTP_PROXY,
/// and takes a hyphenated rule name from the environment.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PublishedFolderTests(PublishedApp app) : IClassFixture<PublishedApp>, IAsyncLifetime
{
    private readonly string _site = Path.Combine(Path.GetTempPath(), "policywatch-site", Guid.NewGuid().ToString("N"));
    private FakeFeedServer _feeds = null!;

    public async Task InitializeAsync()
    {
        _feeds = await FakeFeedServer.StartAsync();
        _feeds.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        Directory.CreateDirectory(Path.Combine(_site, "feeds"));
        File.WriteAllText(Path.Combine(_site, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": { "Feeds": { "Retries": 0, "PollOnStart": false }, "Console": { "Feeds": "all", "Rules": { "everything": "-zzzzzz" } } }
            }
            """);
        WriteFeed(_feeds.Url("/fr/bis.json"));
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_site, recursive: true);
    }

    [Fact]
    public async Task Version_FromThePublishedFolder_PrintsTheProgramsVersionAndStartsNothing()
    {
        var result = await app.RunAsync(_site, ["--version"]);

        Assert.Equal(0, result.Exit);
        Assert.Equal($"policywatch {PolicyWatchBot.Hosting.ProgramVersion.Text}", result.Output.Trim());
        Assert.Empty(result.Error);
        Assert.False(Directory.Exists(Path.Combine(_site, "data")));
    }

    [Fact]
    public async Task Help_FromThePublishedFolder_PrintsTheVerbs()
    {
        var result = await app.RunAsync(_site, ["--help"]);

        Assert.Equal(0, result.Exit);
        Assert.Contains("policywatch poll --once", result.Output, StringComparison.Ordinal);
        Assert.Contains("policywatch audit export", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_OutsideAnyRepository_ReadsTheSettingsAndCatalogueBesideTheBinary()
    {
        var empty = Directory.CreateTempSubdirectory("policywatch-elsewhere").FullName;

        var result = await app.RunAsync(empty, ["feeds"]);
        Directory.Delete(empty);

        Assert.Equal(0, result.Exit);
        var shipped = Directory.GetFiles(Path.Combine(Fixtures.RepoRoot, "feeds"), "*.json").Length;
        Assert.Contains($"{shipped} feeds valid, 0 refused", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app.Folder, "appsettings.json")));
    }

    [Fact]
    public async Task PollOnce_LoopbackFeed_PrintsItsAlertsStoresThemAndExits0()
    {
        var result = await app.RunAsync(_site, ["poll", "--once"]);

        Assert.True(result.Exit == 0, result.Error);
        Assert.Contains("━━ PW-", result.Output, StringComparison.Ordinal);
        Assert.Contains("fr:2024-00422", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"fr-bis: .*\b4 new\b", result.Error);
        Assert.Equal(1, _feeds.CountRequests("/fr/bis.json"));
        Assert.True(File.Exists(Path.Combine(_site, "data", "policywatch.db")));
    }

    [Fact]
    public async Task PollOnce_BehindAnHttpProxy_FetchesTheFeedThroughTheProxy()
    {
        var seen = new ConcurrentQueue<string>();
        var body = FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency);
        await using var proxy = await LoopbackServer.StartAsync(async context =>
        {
            // A forward proxy gets the absolute URL as the request target.
            var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            seen.Enqueue(target);
            if (target != "http://feeds.example.invalid/fr/bis.json")
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        WriteFeed(new Uri("http://feeds.example.invalid/fr/bis.json"));

        var result = await app.RunAsync(_site, ["poll", "--once"], new Dictionary<string, string?> { ["HTTP_PROXY"] = proxy.BaseAddress.ToString() });

        Assert.True(result.Exit == 0, result.Error);
        Assert.Equal("http://feeds.example.invalid/fr/bis.json", Assert.Single(seen));
        Assert.Matches(@"fr-bis: .*\b4 new\b", result.Error);
    }

    [Fact]
    public async Task PollOnce_HostInNoProxy_FetchedDirectlyNotThroughTheProxy()
    {
        var seen = new ConcurrentQueue<string>();
        await using var proxy = await LoopbackServer.StartAsync(context =>
        {
            seen.Enqueue(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return Task.CompletedTask;
        });

        var result = await app.RunAsync(_site, ["poll", "--once"], new Dictionary<string, string?>
        {
            ["HTTP_PROXY"] = proxy.BaseAddress.ToString(),
            ["NO_PROXY"] = "127.0.0.1",
        });

        Assert.True(result.Exit == 0, result.Error);
        Assert.Empty(seen);
        Assert.Equal(1, _feeds.CountRequests("/fr/bis.json"));
    }

    [Fact]
    public async Task Chat_HyphenatedRuleNameFromTheEnvironment_IsTheConsoleChannelsRule()
    {
        // bash cannot export this name; env(1), Docker and process launchers can (docs/rules.md).
        var result = await app.RunAsync(_site, ["chat", "--channel", "console", "--user", "ops", "rules"],
            new Dictionary<string, string?> { ["PolicyWatch__Console__Rules__ai-chips"] = "semiconduct* NEAR/3 export" });

        Assert.True(result.Exit == 0, result.Error);
        Assert.Contains("ai-chips · 0 hits · semiconduct* NEAR/3 export", result.Output, StringComparison.Ordinal);
    }

    private void WriteFeed(Uri url) =>
        File.WriteAllText(Path.Combine(_site, "feeds", "fr-bis.json"), $$"""
            { "id": "fr-bis", "title": "BIS in the Federal Register", "kind": "federal-register", "url": "{{url}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us", "tags": ["export-controls"] }
            """);
}
