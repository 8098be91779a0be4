using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>
/// A loopback Discord REST API (Kestrel on 127.0.0.1, port 0) that records every call. It creates
/// messages (deduplicated by <c>nonce</c> with <c>enforce_nonce</c>, as Discord does), edits them,
/// takes interaction webhooks and command overwrites, and can be scripted to answer 429 (route or
/// global, with <c>retry_after</c>), 500, 401/403/404, slowly, or to lose its answer. With a bucket
/// limit it sends <c>X-RateLimit-*</c> headers per channel and counts requests that broke them.
/// </summary>
public sealed class FakeDiscordServer : IAsyncDisposable
{
    public const string Token = "test-bot-token";
    public const string ApplicationId = "111111111111111111";

    private readonly ConcurrentQueue<Scripted> _script = new();
    private readonly ConcurrentDictionary<string, string> _messageByNonce = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _deleted = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _nextId = 900000000000000000;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer _host = null!;

    public ConcurrentQueue<DiscordCall> Calls { get; } = new();

    /// <summary>Messages created, in order (a nonce repeat is not a new message).</summary>
    public ConcurrentQueue<CreatedMessage> Messages { get; } = new();

    public Uri ApiBaseUrl => _host.Url("api/v10/");

    /// <summary>Requests per channel per <see cref="BucketWindow"/>; 0 sends no bucket headers and never limits.</summary>
    public int BucketLimit { get; set; }

    public TimeSpan BucketWindow { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Requests that arrived when their bucket had nothing left (a well-behaved client makes none).</summary>
    public int BucketViolations { get; private set; }

    /// <summary>While set, every channel call answers this status (an outage).</summary>
    public int? OutageStatus { get; set; }

    public ConcurrentDictionary<string, int> ForbiddenChannels { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> GoneChannels { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeDiscordServer> StartAsync()
    {
        var server = new FakeDiscordServer();
        server._host = await LoopbackServer.StartAsync(server.HandleAsync);
        return server;
    }

    /// <summary>The configuration that points the bot at this fake.</summary>
    public string[] Settings(string publicKeyHex) =>
    [
        $"--PolicyWatch:Discord:BotToken={Token}",
        $"--PolicyWatch:Discord:PublicKey={publicKeyHex}",
        $"--PolicyWatch:Discord:ApplicationId={ApplicationId}",
        $"--PolicyWatch:Discord:ApiBaseUrl={ApiBaseUrl}",
    ];

    /// <summary>The next call is answered with this (after <paramref name="delay"/>); <paramref name="loseAnswer"/> does the work, then never answers.</summary>
    public void RespondNext(int status, double? retryAfter = null, bool global = false, int? code = null, TimeSpan? delay = null, bool loseAnswer = false) =>
        _script.Enqueue(new Scripted(status, retryAfter, global, code, delay ?? TimeSpan.Zero, loseAnswer));

    public IEnumerable<DiscordCall> CallsTo(string method, string pathPart) =>
        Calls.Where(c => c.Method == method && c.Path.Contains(pathPart, StringComparison.Ordinal));

    /// <summary>Waits until the condition holds (checked after every call), failing after the deadline.</summary>
    public async Task WaitForAsync(Func<FakeDiscordServer, bool> condition, int seconds = 30)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (!condition(this))
        {
            var changed = _changed.Task;
            var left = deadline - TimeProvider.System.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("the fake Discord never saw what the test waited for; calls: "
                    + string.Join(", ", Calls.Select(c => $"{c.Method} {c.Path} {c.Status}")));
            }

            await Task.WhenAny(changed, Task.Delay(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200)));
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted);
        var status = await AnswerAsync(context, path, body);
        Calls.Enqueue(new DiscordCall(request.Method, path, body, request.Headers.Authorization.ToString(), request.Headers.UserAgent.ToString(), status, TimeProvider.System.GetUtcNow()));
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private async Task<int> AnswerAsync(HttpContext context, string path, string body)
    {
        var response = context.Response;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();
        var isWebhook = segments.Length > 0 && segments[0] == "webhooks";
        if (!isWebhook && context.Request.Headers.Authorization != $"Bot {Token}")
        {
            return await ErrorAsync(response, 401, 0, "401: Unauthorized");
        }

        if (_script.TryDequeue(out var scripted))
        {
            if (scripted.Delay > TimeSpan.Zero)
            {
                await Task.Delay(scripted.Delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            if (scripted.LoseAnswer)
            {
                await RouteAsync(context, segments, body);
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return 0;
            }

            if (scripted.Status == 429)
            {
                response.Headers["Retry-After"] = Math.Ceiling(scripted.RetryAfter ?? 1).ToString(CultureInfo.InvariantCulture);
                if (scripted.Global)
                {
                    response.Headers["X-RateLimit-Global"] = "true";
                }

                response.StatusCode = 429;
                await response.WriteAsJsonAsync(new JsonObject
                {
                    ["message"] = "You are being rate limited.",
                    ["retry_after"] = scripted.RetryAfter ?? 1,
                    ["global"] = scripted.Global,
                });
                return 429;
            }

            if (scripted.Status != 200)
            {
                return await ErrorAsync(response, scripted.Status, scripted.Code ?? 0, "scripted");
            }
        }

        return await RouteAsync(context, segments, body);
    }

    private async Task<int> RouteAsync(HttpContext context, string[] segments, string body)
    {
        var method = context.Request.Method;
        var response = context.Response;
        switch (segments)
        {
            case ["channels", var channel, "messages", ..]:
                if (OutageStatus is { } outage)
                {
                    return await ErrorAsync(response, outage, 0, "Service Unavailable");
                }

                if (GoneChannels.ContainsKey(channel))
                {
                    return await ErrorAsync(response, 404, 10003, "Unknown Channel");
                }

                if (ForbiddenChannels.TryGetValue(channel, out var code))
                {
                    return await ErrorAsync(response, 403, code, code == 50001 ? "Missing Access" : "Missing Permissions");
                }

                if (BucketLimit > 0 && !TakeFromBucket(channel, response))
                {
                    BucketViolations++;
                    response.StatusCode = 429;
                    await response.WriteAsJsonAsync(new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = BucketWindow.TotalSeconds, ["global"] = false });
                    return 429;
                }

                return segments.Length == 3 && method == "POST"
                    ? await CreateAsync(response, channel, body)
                    : await EditAsync(response, segments.Length == 4 ? segments[3] : "");
            case ["webhooks", ..] when method == "DELETE":
                response.StatusCode = 204;
                return 204;
            case ["webhooks", ..]:
                await response.WriteAsJsonAsync(new JsonObject { ["id"] = NextId() });
                return 200;
            case ["applications", ..] when method == "PUT":
                response.ContentType = "application/json";
                await response.WriteAsync(body);
                return 200;
            default:
                return await ErrorAsync(response, 404, 0, "404: Not Found");
        }
    }

    private async Task<int> CreateAsync(HttpResponse response, string channel, string body)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        var nonce = json["nonce"]?.GetValue<string>();
        if (json["message_reference"]?["message_id"]?.GetValue<string>() is { } parent && !Messages.Any(m => m.Id == parent && m.ChannelId == channel && !_deleted.ContainsKey(m.Id)))
        {
            return await ErrorAsync(response, 400, 50035, "Invalid Form Body (message_reference: Unknown message)");
        }

        string id;
        lock (_gate)
        {
            if (nonce is not null && json["enforce_nonce"]?.GetValue<bool>() == true && _messageByNonce.TryGetValue(channel + "|" + nonce, out var existing))
            {
                id = existing;
            }
            else
            {
                id = NextId();
                if (nonce is not null)
                {
                    _messageByNonce[channel + "|" + nonce] = id;
                }

                Messages.Enqueue(new CreatedMessage(id, channel, json));
            }
        }

        await response.WriteAsJsonAsync(new JsonObject { ["id"] = id, ["channel_id"] = channel });
        return 200;
    }

    /// <summary>Deletes a message, as a member with Manage Messages would.</summary>
    public void DeleteMessage(string messageId) => _deleted[messageId] = true;

    private async Task<int> EditAsync(HttpResponse response, string messageId)
    {
        if (!Messages.Any(m => m.Id == messageId) || _deleted.ContainsKey(messageId))
        {
            return await ErrorAsync(response, 404, 10008, "Unknown Message");
        }

        await response.WriteAsJsonAsync(new JsonObject { ["id"] = messageId });
        return 200;
    }

    private bool TakeFromBucket(string channel, HttpResponse response)
    {
        lock (_gate)
        {
            var now = TimeProvider.System.GetUtcNow();
            var window = _windows.GetOrAdd(channel, _ => new Window { Start = now });
            if (now - window.Start >= BucketWindow)
            {
                window.Start = now;
                window.Used = 0;
            }

            var allowed = window.Used < BucketLimit;
            if (allowed)
            {
                window.Used++;
            }

            var resetAfter = (window.Start + BucketWindow - now).TotalSeconds;
            response.Headers["X-RateLimit-Bucket"] = "messages-bucket";
            response.Headers["X-RateLimit-Limit"] = BucketLimit.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Remaining"] = Math.Max(0, BucketLimit - window.Used).ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Reset-After"] = resetAfter.ToString("0.000", CultureInfo.InvariantCulture);
            return allowed;
        }
    }

    private static async Task<int> ErrorAsync(HttpResponse response, int status, int code, string message)
    {
        response.StatusCode = status;
        await response.WriteAsJsonAsync(new JsonObject { ["message"] = message, ["code"] = code });
        return status;
    }

    private string NextId() => Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    private sealed record Scripted(int Status, double? RetryAfter, bool Global, int? Code, TimeSpan Delay, bool LoseAnswer);

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }
        public int Used { get; set; }
    }
}

public sealed record DiscordCall(string Method, string Path, string Body, string Authorization, string UserAgent, int Status, DateTimeOffset At)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

public sealed record CreatedMessage(string Id, string ChannelId, JsonObject Body);
