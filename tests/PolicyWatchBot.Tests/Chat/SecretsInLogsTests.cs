using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Tests.Discord;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Slack;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>
/// With every log level on, the secrets of a chat call never reach a log: tokens, Slack's
/// response_url (a bearer secret in its path) and Discord's interaction token (in webhook paths).
/// </summary>
public sealed class SecretsInLogsTests
{
    private readonly RecordingLoggerProvider _logs = new();

    [Fact]
    public async Task SlackCalls_AtTraceLevel_LogNoTokenAndNoResponseUrl()
    {
        await using var slack = await FakeSlackServer.StartAsync();
        var responseUrl = slack.ResponseUrl("T1/1234/responseSecretXyz");
        await using var services = Build(new Dictionary<string, string?>
        {
            ["PolicyWatch:Slack:BotToken"] = "xoxb-botSecretAbc",
            ["PolicyWatch:Slack:SigningSecret"] = "signingSecretDef",
            ["PolicyWatch:Slack:ApiBaseUrl"] = slack.ApiBase.ToString(),
        }, s => s.AddPolicyWatchSlack);
        var api = services.GetRequiredService<ISlackApi>();

        await api.RespondAsync(responseUrl, new ResponseMessage("hello", null, "ephemeral"), Fixtures.Timeout());
        await api.PostMessageAsync(new PostMessageRequest("C1", "hello", null, null), Fixtures.Timeout());

        await ControlCallAsync(services, slack.ResponseUrl("controlSecret"));

        Assert.Single(slack.CallsTo("respond/T1/1234/responseSecretXyz"));
        Assert.Single(slack.CallsTo("chat.postMessage"));
        Assert.Contains(_logs.Lines, l => l.Contains("controlSecret", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("responseSecretXyz", StringComparison.Ordinal) || l.Contains("botSecretAbc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiscordCalls_AtTraceLevel_LogNoTokenAndNoInteractionToken()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var services = Build(new Dictionary<string, string?>
        {
            ["PolicyWatch:Discord:BotToken"] = FakeDiscordServer.Token,
            ["PolicyWatch:Discord:PublicKey"] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            ["PolicyWatch:Discord:ApplicationId"] = FakeDiscordServer.ApplicationId,
            ["PolicyWatch:Discord:ApiBaseUrl"] = discord.ApiBaseUrl.ToString(),
        }, s => s.AddPolicyWatchDiscord);
        var api = services.GetRequiredService<IDiscordApi>();

        await api.CreateFollowUpAsync("interactionSecretGhi", new DiscordWire.Message { Content = "hello" }, Fixtures.Timeout());
        await api.CreateMessageAsync("222", new DiscordWire.Message { Content = "hello" }, Fixtures.Timeout());

        await ControlCallAsync(services, new Uri(discord.ApiBaseUrl, "controlSecret"));

        Assert.Contains(_logs.Lines, l => l.Contains("controlSecret", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("interactionSecretGhi", StringComparison.Ordinal) || l.Contains(FakeDiscordServer.Token, StringComparison.Ordinal));
    }

    /// <summary>An ordinary HttpClient call with a secret in its path: proves these logs would show one.</summary>
    private static async Task ControlCallAsync(ServiceProvider services, Uri url)
    {
        using var response = await services.GetRequiredService<IHttpClientFactory>().CreateClient("control").GetAsync(url, Fixtures.Timeout());
    }

    private ServiceProvider Build(Dictionary<string, string?> settings, Func<IServiceCollection, Func<IConfiguration, IServiceCollection>> adapter)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpClient("control");
        adapter(services)(configuration);
        return services.BuildServiceProvider();
    }
}
