using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>The Slack adapter's services as the host registers them, pointed at a fake Slack.</summary>
internal sealed class SlackServices : IAsyncDisposable
{
    public static readonly ChannelKey General = new("slack", "T1", "C1");

    private readonly ServiceProvider _provider;

    private SlackServices(ServiceProvider provider)
    {
        _provider = provider;
    }

    public IAlertSink Sink => _provider.GetServices<IAlertSink>().Single();

    public ISlackApi Api => _provider.GetRequiredService<ISlackApi>();

    public static SlackServices Create(FakeSlackServer slack, TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["PolicyWatch:Slack:BotToken"] = "xoxb-test-token",
            ["PolicyWatch:Slack:SigningSecret"] = "test-signing-secret",
            ["PolicyWatch:Slack:ApiBaseUrl"] = slack.ApiBase.ToString(),
            ["PolicyWatch:Slack:MessageInterval"] = "00:00:00",
            ["PolicyWatch:Slack:Timeout"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddPolicyWatchSlack(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        return new SlackServices(services.BuildServiceProvider());
    }

    public static OutboxEntry Send(ChannelPost post, int attempts = 1, ChannelKey? channel = null) =>
        new(new OutboxRef(post is AlertDigest ? OutboxKind.Digest : OutboxKind.Alert, 1, OutboxWork.Send), channel ?? General, post, attempts, "test", DateTimeOffset.MaxValue);

    public static OutboxEntry Update(ChannelPost post, string ts) =>
        new(new OutboxRef(OutboxKind.Alert, 1, OutboxWork.Update), General, post, 1, "test", DateTimeOffset.MaxValue, ts);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
