using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>
/// A conversation over the real services: a real SQLite file, a fake clock, and a catalogue of
/// three tagged feeds (fr-bis #export-controls; fr-ofac #export-controls #sanctions; arxiv-ai
/// #research) served by a loopback host with the real Federal Register answer. Commands are typed
/// in the console channel "desk". The configured console channel listens to arxiv-ai, which no
/// test polls, so the outbox holds only what a test puts there.
/// </summary>
public abstract class ConversationTest : IAsyncLifetime
{
    internal const string Json = "application/json; charset=utf-8";

    internal static readonly DateTimeOffset Start = new(2024, 2, 1, 9, 0, 0, TimeSpan.Zero);

    internal static readonly ChannelKey Desk = ChannelKey.Console("desk");

    internal static readonly ChannelKey OtherDesk = ChannelKey.Console("other");

    /// <summary>A manager: the console's <c>--manager</c>, Discord's Manage Channels.</summary>
    internal static readonly Caller Alice = new(new Actor("U1", "alice"), HasManageChannelsPermission: true);

    /// <summary>Not a manager on the console or on Discord.</summary>
    internal static readonly Caller Bob = new(new Actor("U2", "bob"));

    /// <summary>The fixture's four BIS notices, oldest first (published 9, 10, 11 and 12 January 2024).</summary>
    internal static readonly string[] BisDocuments = ["2024-00190", "2024-00359", "2024-00422", "2024-00582"];

    private readonly FeedFolder _feeds = new();
    private readonly Dictionary<string, string?> _settings = new() { ["PolicyWatch:Console:Feeds"] = "arxiv-ai" };
    private int _items;

    internal FakeTimeProvider Clock { get; } = new(Start);

    internal TempSqliteDatabase Database { get; } = new();

    internal CancellationToken Ct { get; } = Fixtures.Timeout();

    internal FakeFeedServer Server { get; private set; } = null!;

    internal PipelineHost Host { get; private set; } = null!;

    internal IStore Store => Host.Store;

    internal ConversationHandler Handler => Host.Services.GetRequiredService<ConversationHandler>();

    /// <summary>Settings a test class adds to (or overrides in) the host's configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        Server = await FakeFeedServer.StartAsync();
        Server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), Json);
        Server.Serve("/fr/ofac.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.OfacAgency), Json);
        _feeds.Add("fr-bis", "federal-register", Server.Url("/fr/bis.json"), extra: "\"tags\": [\"export-controls\"]");
        _feeds.Add("fr-ofac", "federal-register", Server.Url("/fr/ofac.json"), extra: "\"tags\": [\"export-controls\", \"sanctions\"]");
        _feeds.Add("arxiv-ai", "syndication", Server.Url("/arxiv.atom"), jurisdiction: "intl", extra: "\"tags\": [\"research\"]");

        foreach (var (key, value) in Settings)
        {
            _settings[key] = value;
        }

        Host = await PipelineHost.StartAsync(Database, _feeds.Path, _settings, Clock);

        // The bot "starts" with the host: status measures its uptime from now.
        _ = Handler;
    }

    /// <summary>Stops the services and starts them again on the same database and clock, as a restart does.</summary>
    internal async Task RestartAsync()
    {
        await Host.DisposeAsync();
        Host = await PipelineHost.StartAsync(Database, _feeds.Path, _settings, Clock);
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.DisposeAsync();
        _feeds.Dispose();
        Database.Dispose();
    }

    /// <summary>Types a command in a channel (the desk, by default) as a caller (Alice, a manager, by default).</summary>
    internal Task<ChatReply> SayAsync(string text, Caller? caller = null, ChannelKey? channel = null)
    {
        var key = channel ?? Desk;
        return Handler.HandleTextAsync(key, key.Channel, caller ?? Alice, text, Ct);
    }

    /// <summary>Runs a command as Discord options or a button deliver it: already in the command model.</summary>
    internal Task<ChatReply> RunAsync(ChatCommand command, Caller? caller = null, ChannelKey? channel = null)
    {
        var key = channel ?? Desk;
        return Handler.HandleAsync(new ChatRequest(key, key.Channel, caller ?? Alice, command), Ct);
    }

    internal Task<long> ChannelIdAsync(ChannelKey? channel = null)
    {
        var key = channel ?? Desk;
        return Store.EnsureChannelAsync(key, key.Channel, Ct);
    }

    /// <summary>The channel's audit log, newest first.</summary>
    internal async Task<IReadOnlyList<AuditEntry>> AuditAsync(ChannelKey? channel = null) =>
        await Store.GetRecentAuditAsync(await ChannelIdAsync(channel), 1000, Ct);

    internal async Task<IReadOnlyList<string>> SubscriptionsAsync(ChannelKey? channel = null) =>
        await Store.GetSubscriptionsAsync(await ChannelIdAsync(channel), Ct);

    internal async Task<IReadOnlyList<RuleDefinition>> RulesAsync(ChannelKey? channel = null) =>
        await Store.GetRulesAsync(await ChannelIdAsync(channel), Ct);

    internal async Task<IReadOnlyList<Mute>> MutesAsync(ChannelKey? channel = null) =>
        await Store.GetActiveMutesAsync(await ChannelIdAsync(channel), Ct);

    internal async Task<IReadOnlyList<AlertRecord>> HeldAsync(ChannelKey? channel = null) =>
        await Store.GetHeldAlertsAsync(await ChannelIdAsync(channel), Ct);

    internal async Task<AlertRecord> AlertAsync(string alertId, ChannelKey? channel = null) =>
        await Store.FindAlertAsync(await ChannelIdAsync(channel), alertId, Ct) ?? throw new InvalidOperationException($"no alert {alertId}");

    /// <summary>
    /// Everything a command could change, as text: the channel's subscriptions, rules, mutes, held
    /// alerts and audit log, and the outbox. Equal before and after means nothing changed.
    /// </summary>
    internal async Task<string> StateAsync(ChannelKey? channel = null)
    {
        var id = await ChannelIdAsync(channel);
        var rules = await Store.GetRulesAsync(id, Ct);
        var mutes = await Store.GetActiveMutesAsync(id, Ct);
        var held = await Store.GetHeldAlertsAsync(id, Ct);
        var audit = await Store.GetRecentAuditAsync(id, 1000, Ct);
        return string.Join('\n',
            "subscriptions: " + string.Join(", ", await Store.GetSubscriptionsAsync(id, Ct)),
            "rules: " + string.Join(", ", rules.Select(r => $"{r.Name}={r.Expression}")),
            "mutes: " + string.Join(", ", mutes.Select(m => $"{m.Target} until {m.Until:O}")),
            "held: " + string.Join(", ", held.Select(a => a.Message.AlertId)),
            "audit: " + string.Join(", ", audit.Select(a => $"{a.Action} {a.Before} {a.After}")),
            "outbox: " + await Store.GetOutboxCountsAsync(Ct));
    }

    internal Task PollAsync(string feedId) => Host.PollAsync(feedId);

    /// <summary>A Federal Register item of a feed that no fixture holds, each call a new one.</summary>
    internal FeedItem NewItem(string feed = "fr-bis", string? title = null, DateOnly? published = null)
    {
        var number = $"2099-{Interlocked.Increment(ref _items):00000}";
        return StoreTestData.Item(number, title ?? $"Seeded document {number}", feed) with { PublishedOn = published ?? new DateOnly(2024, 1, 10) };
    }

    /// <summary>Stores the items as carried by their feeds, as a poll would, without alerting anyone.</summary>
    internal async Task SeedItemsAsync(params FeedItem[] items)
    {
        foreach (var feed in items.GroupBy(i => i.Feed))
        {
            await StorePolls.StoreAsync(Store, feed.Key, [.. feed]);
        }
    }

    /// <summary>Queues one alert of a new item of the feed for the channel (the desk), matched by these rules (none); returns its id.</summary>
    internal async Task<string> EnqueueAlertAsync(IReadOnlyList<string>? rules = null, string feed = "fr-bis", bool held = false, ChannelKey? channel = null)
    {
        var item = NewItem(feed);
        var channelId = await ChannelIdAsync(channel);
        var (_, ids) = await StorePolls.EnqueueAsync(Store, [item], [new PendingAlert(channelId, item.Key, 1, Message(item, rules ?? []), held)], carried: true);
        return ids[0] ?? throw new InvalidOperationException("the alert was queued already");
    }

    /// <summary>Queues <paramref name="count"/> alerts for the channel (the desk) and one flood digest grouping them, in one poll.</summary>
    internal async Task<(string DigestId, IReadOnlyList<string> AlertIds)> EnqueueDigestAsync(int count, ChannelKey? channel = null)
    {
        var channelId = await ChannelIdAsync(channel);
        var items = Enumerable.Range(0, count).Select(_ => NewItem()).ToList();
        var (digestId, ids) = await StorePolls.EnqueueAsync(Store, items, [.. items.Select(i => new PendingAlert(channelId, i.Key, 1, Message(i, [])))], flood: true);
        return (digestId!, [.. ids.Select(id => id!)]);
    }

    /// <summary>Delivers everything due (to the console sink) with the real dispatcher.</summary>
    internal Task DeliverAsync() => Host.Dispatcher.DrainAsync(Ct);

    private static AlertMessage Message(FeedItem item, IReadOnlyList<string> rules) =>
        StoreTestData.Message(item) with { MatchedRules = rules.Select(r => new MatchedRule(r, [r])).ToList() };
}
