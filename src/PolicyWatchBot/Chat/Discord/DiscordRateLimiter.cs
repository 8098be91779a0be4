using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Discord's rate limits as its answers state them: per-route buckets (<c>X-RateLimit-Bucket</c>,
/// <c>-Remaining</c>, <c>-Reset-After</c>) keyed with the route's top-level resource, the global limit
/// (50 requests a second per bot, and any 429 marked global), and a 429's <c>retry_after</c>.
/// A caller takes a route's turn before calling and reports the answer after; a wait up to
/// <see cref="DiscordOptions.MaxInlineWait"/> is waited, a longer one is handed back instead.
/// Thread-safe: one call at a time per route and resource, any number across them. Interaction
/// webhooks (one token per interaction, a few calls each, outside the global limit) are not
/// tracked; their 429 reaches the caller.
/// </summary>
internal sealed class DiscordRateLimiter(TimeProvider time, IOptions<DiscordOptions> options)
{
    /// <summary>Requests a second a bot may make in all (interaction webhooks excepted).</summary>
    public const int GlobalPerSecond = 50;

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _bucketOfRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _global = new();
    private DateTimeOffset _globalPauseUntil;
    private DateTimeOffset _windowStart;
    private int _windowCount;

    /// <summary>
    /// Waits for the route's turn. Null: go now (the turn is held until <see cref="Release"/>).
    /// Otherwise the wait still ahead, longer than the caller should wait inline; nothing is held.
    /// </summary>
    public async Task<TimeSpan?> AcquireAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        if (!route.IsBotCall)
        {
            return null;
        }

        var turn = _turns.GetOrAdd(route.Key, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var wait = TakeOrWait(route);
                if (wait <= TimeSpan.Zero)
                {
                    return null;
                }

                if (wait > options.Value.MaxInlineWait)
                {
                    turn.Release();
                    return wait;
                }

                await Task.Delay(wait, time, cancellationToken);
            }
        }
        catch
        {
            turn.Release();
            throw;
        }
    }

    /// <summary>Records what the answer said about the limits (no answer: <paramref name="headers"/> null) and gives the turn back.</summary>
    public void Release(DiscordRoute route, int status, HttpResponseHeaders? headers, DiscordWire.Error? error)
    {
        if (!route.IsBotCall)
        {
            return;
        }

        try
        {
            if (headers is not null)
            {
                Observe(route, status, headers, error);
            }
        }
        finally
        {
            _turns[route.Key].Release();
        }
    }

    /// <summary>How long a 429 said to wait: the body's <c>retry_after</c>, else the <c>Retry-After</c> header.</summary>
    public static TimeSpan RetryAfter(HttpResponseHeaders headers, DiscordWire.Error? error)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (error?.RetryAfter is { } seconds and >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return headers.RetryAfter?.Delta ?? (Number(headers, "Retry-After") is { } header ? TimeSpan.FromSeconds(header) : Second);
    }

    private void Observe(DiscordRoute route, int status, HttpResponseHeaders headers, DiscordWire.Error? error)
    {
        var now = time.GetUtcNow();
        if (headers.TryGetValues("X-RateLimit-Bucket", out var buckets) && buckets.FirstOrDefault() is { Length: > 0 } bucket)
        {
            _bucketOfRoute[route.Method.Method + " " + route.Template] = bucket;
        }

        var key = StateKey(route);
        if (Number(headers, "X-RateLimit-Remaining") is { } remaining && Number(headers, "X-RateLimit-Reset-After") is { } resetAfter)
        {
            _buckets[key] = new BucketState((int)remaining, now + TimeSpan.FromSeconds(resetAfter));
        }

        if (status != 429)
        {
            return;
        }

        var wait = RetryAfter(headers, error);
        var global = error?.Global == true
            || (headers.TryGetValues("X-RateLimit-Global", out var flags) && flags.Any(f => string.Equals(f, "true", StringComparison.OrdinalIgnoreCase)));
        if (global)
        {
            lock (_global)
            {
                _globalPauseUntil = Later(_globalPauseUntil, now + wait);
            }
        }
        else
        {
            _buckets[key] = new BucketState(0, now + wait);
        }
    }

    /// <summary>Zero when the call may go (and counts it), else how long until it may.</summary>
    private TimeSpan TakeOrWait(DiscordRoute route)
    {
        var now = time.GetUtcNow();
        var key = StateKey(route);
        var bucketWait = _buckets.TryGetValue(key, out var state) && state.Remaining <= 0 && state.ResetAt > now
            ? state.ResetAt - now
            : TimeSpan.Zero;
        lock (_global)
        {
            var globalWait = _globalPauseUntil > now ? _globalPauseUntil - now : TimeSpan.Zero;
            if (now - _windowStart >= Second)
            {
                _windowStart = now;
                _windowCount = 0;
            }

            if (_windowCount >= GlobalPerSecond)
            {
                globalWait = Longer(globalWait, _windowStart + Second - now);
            }

            var wait = Longer(globalWait, bucketWait);
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            _windowCount++;
            return Take(key, state, now);
        }
    }

    private TimeSpan Take(string key, BucketState? state, DateTimeOffset now)
    {
        if (state is not null && state.ResetAt > now)
        {
            _buckets[key] = state with { Remaining = state.Remaining - 1 };
        }

        return TimeSpan.Zero;
    }

    private string StateKey(DiscordRoute route) =>
        (_bucketOfRoute.TryGetValue(route.Method.Method + " " + route.Template, out var bucket) ? bucket : route.Method.Method + " " + route.Template)
        + "|" + route.Major;

    private static double? Number(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
        && double.IsFinite(number) && number >= 0
            ? number
            : null;

    private static TimeSpan Longer(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record BucketState(int Remaining, DateTimeOffset ResetAt);
}
