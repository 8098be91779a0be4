using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>The real Discord client and sink, wired as the host wires them, pointed at a fake.</summary>
internal sealed class DiscordClient : IDisposable
{
    private readonly ServiceProvider _services;

    public DiscordClient(FakeDiscordServer fake, params (string Key, string Value)[] settings)
    {
        var config = new Dictionary<string, string?>
        {
            ["PolicyWatch:Discord:BotToken"] = FakeDiscordServer.Token,
            ["PolicyWatch:Discord:PublicKey"] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            ["PolicyWatch:Discord:ApplicationId"] = FakeDiscordServer.ApplicationId,
            ["PolicyWatch:Discord:ApiBaseUrl"] = fake.ApiBaseUrl.ToString(),
            ["PolicyWatch:Discord:Timeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings)
        {
            config["PolicyWatch:Discord:" + key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddDiscordClient();
        _services = services.BuildServiceProvider();
        Api = _services.GetRequiredService<IDiscordApi>();
        Sink = new DiscordAlertSink(Api, NullLogger<DiscordAlertSink>.Instance);
    }

    public IDiscordApi Api { get; }

    public DiscordAlertSink Sink { get; }

    public static ChannelKey Channel(string id) => new("discord", "222222222222222222", id);

    public static AlertMessage Alert(int n) => new()
    {
        AlertId = $"PW-{n:0000}",
        Kind = RevisionKind.New,
        ItemKey = $"fr:2024-{n:00000}",
        FeedId = "fr-bis",
        FeedTitle = "BIS",
        Title = $"Alert number {n}",
        Link = $"https://www.federalregister.gov/d/2024-{n:00000}",
        DocumentType = "Rule",
    };

    public static OutboxEntry Entry(string channel, ChannelPost post, int attempts = 1, string? messageId = null) =>
        new(new OutboxRef(OutboxKind.Alert, 1, messageId is null ? OutboxWork.Send : OutboxWork.Update), Channel(channel), post, attempts, "test",
            TimeProvider.System.GetUtcNow().AddMinutes(2), messageId);

    public static DiscordWire.Message Text(string content) => new() { Content = content };

    public void Dispose() => _services.Dispose();
}
