using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>
/// A loopback Slack (Kestrel on 127.0.0.1, port 0): the Web API under <c>/api/</c>, response URLs
/// under <c>/respond/</c> and a Socket Mode WebSocket at <c>/socket</c>. It records every call,
/// keeps posted messages (with metadata) for <c>conversations.history</c>, answers scripted replies
/// per method (429 with Retry-After, 500, <c>ok:false</c>, slow, or posted-but-lost), can be down
/// as a whole, and can refuse with 429 a channel's messages that come closer than an interval.
/// </summary>
public sealed class FakeSlackServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeReply>> _script = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<(string Ts, string Json)>> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastPostTicks = new(StringComparer.Ordinal);
    private readonly Channel<FakeSocket> _sockets = Channel.CreateUnbounded<FakeSocket>();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _ts = 1_700_000_000_000100;
    private LoopbackServer _host = null!;

    public ConcurrentQueue<SlackCall> Calls { get; } = new();

    public Uri BaseAddress => _host.BaseAddress;

    public Uri ApiBase => new(BaseAddress, "api/");

    /// <summary>Every Web API call answers 503 while true.</summary>
    public bool Down { get; set; }

    /// <summary>When set, a <c>chat.postMessage</c> closer than this to the channel's previous one gets 429 (Retry-After 1).</summary>
    public TimeSpan? ChannelInterval { get; set; }

    public static async Task<FakeSlackServer> StartAsync()
    {
        var server = new FakeSlackServer();
        server._host = await LoopbackServer.StartAsync(server.HandleAsync, webSockets: true);
        return server;
    }

    public Uri ResponseUrl(string id) => new(BaseAddress, $"respond/{id}");

    public void Script(string method, params FakeReply[] replies)
    {
        var queue = _script.GetOrAdd(method, _ => new ConcurrentQueue<FakeReply>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply);
        }
    }

    public IReadOnlyList<SlackCall> CallsTo(string method) => Calls.Where(c => c.Method == method).ToList();

    /// <summary>The messages that reached a channel (including those whose answer was lost), oldest first.</summary>
    public IReadOnlyList<JsonElement> MessagesIn(string channel)
    {
        lock (_gate)
        {
            return _messages.TryGetValue(channel, out var list) ? list.Select(m => JsonDocument.Parse(m.Json).RootElement).ToList() : [];
        }
    }

    /// <summary>Waits until <paramref name="count"/> calls match, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<SlackCall>> WaitForAsync(Func<SlackCall, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            var found = Calls.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            var left = limit - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{found.Count} of {count} expected Slack calls after {limit}; calls: {string.Join(", ", Calls.Select(c => c.Method))}");
            }

            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    public Task<SlackCall> WaitForAsync(string method) => WaitForAsync(c => c.Method == method).ContinueWith(t => t.Result[0], TaskScheduler.Default);

    /// <summary>The next Socket Mode connection the client opens.</summary>
    public async Task<FakeSocket> AcceptSocketAsync(TimeSpan? timeout = null) =>
        await _sockets.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(20));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path == "/socket" && context.WebSockets.IsWebSocketRequest)
        {
            var socket = new FakeSocket(await context.WebSockets.AcceptWebSocketAsync());
            await _sockets.Writer.WriteAsync(socket);
            await socket.Closed;
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var method = path.StartsWith("/api/", StringComparison.Ordinal) ? path["/api/".Length..] : path.TrimStart('/');
        var json = body.Length > 0 && body.TrimStart().StartsWith('{') ? JsonDocument.Parse(body).RootElement.Clone() : default;
        var call = new SlackCall(method, context.Request.Headers.Authorization.ToString(), json, context.Request.QueryString.Value ?? "", Stopwatch.GetTimestamp());

        var (status, answer, retryAfter) = await AnswerAsync(call, context.RequestAborted);
        Record(call with { Status = status });
        context.Response.StatusCode = status;
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    private async Task<(int Status, string Body, int? RetryAfter)> AnswerAsync(SlackCall call, CancellationToken aborted)
    {
        if (call.Method.StartsWith("respond/", StringComparison.Ordinal))
        {
            return (200, "ok", null);
        }

        if (Down)
        {
            return (503, "{\"ok\":false,\"error\":\"service_unavailable\"}", null);
        }

        if (_script.TryGetValue(call.Method, out var queue) && queue.TryDequeue(out var reply))
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, aborted);
            }

            if (reply.PostsAnyway)
            {
                Post(call);
            }

            return (reply.Status, reply.Body, reply.RetryAfterSeconds);
        }

        switch (call.Method)
        {
            case "chat.postMessage":
                var channel = call.Body.GetProperty("channel").GetString()!;
                if (ChannelInterval is { } interval && TooSoon(channel, call.ReceivedAt, interval))
                {
                    return (429, "{\"ok\":false,\"error\":\"ratelimited\"}", 1);
                }

                if (call.Body.TryGetProperty("thread_ts", out var parent) && !HasMessage(channel, parent.GetString()!))
                {
                    return (200, "{\"ok\":false,\"error\":\"thread_not_found\"}", null);
                }

                return (200, $"{{\"ok\":true,\"channel\":\"{channel}\",\"ts\":\"{Post(call)}\"}}", null);
            case "conversations.history":
                return (200, History(call.Query), null);
            case "conversations.replies":
                return (200, Replies(call.Query), null);
            case "apps.connections.open":
                return (200, $"{{\"ok\":true,\"url\":\"ws://{BaseAddress.Authority}/socket?ticket={Guid.NewGuid():N}\"}}", null);
            case "auth.test":
                return (200, "{\"ok\":true,\"team\":\"Test\",\"team_id\":\"T1\",\"user_id\":\"UBOT\"}", null);
            default:
                return (200, "{\"ok\":true}", null);
        }
    }

    private bool TooSoon(string channel, long now, TimeSpan interval)
    {
        var tooSoon = _lastPostTicks.TryGetValue(channel, out var last) && Stopwatch.GetElapsedTime(last, now) < interval;
        if (!tooSoon)
        {
            _lastPostTicks[channel] = now;
        }

        return tooSoon;
    }

    private string Post(SlackCall call)
    {
        var channel = call.Body.GetProperty("channel").GetString()!;
        var ts = FormatTs(Interlocked.Increment(ref _ts));
        lock (_gate)
        {
            var message = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["ts"] = ts,
                ["text"] = call.Body.GetProperty("text").GetString(),
                ["blocks"] = call.Body.TryGetProperty("blocks", out var blocks) ? blocks : null,
                ["metadata"] = call.Body.TryGetProperty("metadata", out var metadata) ? metadata : null,
                ["thread_ts"] = call.Body.TryGetProperty("thread_ts", out var thread) ? thread.GetString() : null,
                ["reply_broadcast"] = call.Body.TryGetProperty("reply_broadcast", out var broadcast) && broadcast.GetBoolean(),
            });
            _messages.GetOrAdd(channel, _ => []).Add((ts, message));
        }

        return ts;
    }

    /// <summary>Deletes a message, as someone in the channel would (its thread's later replies then find no parent).</summary>
    public void DeleteMessage(string channel, string ts)
    {
        lock (_gate)
        {
            if (_messages.TryGetValue(channel, out var list))
            {
                list.RemoveAll(m => m.Ts == ts);
            }
        }
    }

    private bool HasMessage(string channel, string ts)
    {
        lock (_gate)
        {
            return _messages.TryGetValue(channel, out var list) && list.Any(m => m.Ts == ts);
        }
    }

    /// <summary>The channel's messages, newest first: thread replies only when broadcast to the channel, as Slack lists them.</summary>
    private string History(string query)
    {
        var channel = Parameter(query, "channel");
        lock (_gate)
        {
            var messages = _messages.TryGetValue(channel, out var list)
                ? list.AsEnumerable().Reverse().Where(m => IsInChannel(m.Json)).Select(m => m.Json)
                : [];
            return $"{{\"ok\":true,\"messages\":[{string.Join(',', messages)}]}}";
        }
    }

    /// <summary>A thread: its parent and the replies to it, oldest first; <c>thread_not_found</c> when the parent is not there.</summary>
    private string Replies(string query)
    {
        var channel = Parameter(query, "channel");
        var ts = Parameter(query, "ts");
        lock (_gate)
        {
            if (!_messages.TryGetValue(channel, out var list) || !list.Any(m => m.Ts == ts))
            {
                return "{\"ok\":false,\"error\":\"thread_not_found\"}";
            }

            var thread = list.Where(m => m.Ts == ts || ThreadOf(m.Json) == ts).Select(m => m.Json);
            return $"{{\"ok\":true,\"messages\":[{string.Join(',', thread)}]}}";
        }
    }

    private static bool IsInChannel(string json)
    {
        var message = JsonDocument.Parse(json).RootElement;
        return ThreadOf(json) is null || message.GetProperty("reply_broadcast").GetBoolean();
    }

    private static string? ThreadOf(string json) =>
        JsonDocument.Parse(json).RootElement.TryGetProperty("thread_ts", out var thread) && thread.ValueKind == JsonValueKind.String ? thread.GetString() : null;

    private static string Parameter(string query, string name) =>
        Uri.UnescapeDataString(query.TrimStart('?').Split('&').Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..]);

    private static string FormatTs(long micro) => $"{micro / 1_000_000}.{micro % 1_000_000:000000}";

    private void Record(SlackCall call)
    {
        Calls.Enqueue(call);
        lock (_gate)
        {
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}

/// <summary>One recorded request: the method (or <c>respond/{id}</c>), the Authorization header, the JSON body, the query, when, and the status answered.</summary>
public sealed record SlackCall(string Method, string Authorization, JsonElement Body, string Query, long ReceivedAt, int Status = 0);

/// <summary>A scripted answer. <see cref="PostsAnyway"/>: the message is posted although the answer says otherwise (a lost response).</summary>
public sealed record FakeReply(int Status, string Body, int? RetryAfterSeconds = null, TimeSpan Delay = default, bool PostsAnyway = false)
{
    public static FakeReply Error(string error) => new(200, $"{{\"ok\":false,\"error\":\"{error}\"}}");

    public static FakeReply RateLimited(int seconds) => new(429, "{\"ok\":false,\"error\":\"ratelimited\"}", seconds);

    public static FakeReply ServerError(bool postsAnyway = false) => new(500, "oops", PostsAnyway: postsAnyway);

    public static FakeReply Slow(TimeSpan delay) => new(200, "{\"ok\":true,\"ts\":\"1.000001\"}", Delay: delay);
}

/// <summary>The server end of one Socket Mode connection.</summary>
public sealed class FakeSocket(WebSocket socket)
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Closed => _closed.Task;

    public Task SendAsync(string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next JSON frame from the client, or null when it closed the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                _closed.TrySetResult();
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>Drops the connection as a network failure would (no disconnect frame).</summary>
    public void Abort()
    {
        socket.Abort();
        _closed.TrySetResult();
    }

    public async Task CloseAsync()
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        _closed.TrySetResult();
    }
}
