using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// The Slack Web API over a typed <see cref="HttpClient"/> (base address <c>PolicyWatch:Slack:ApiBaseUrl</c>).
/// No automatic retries: a retried <c>chat.postMessage</c> posts twice, so the outbox decides.
/// Every answer becomes a <see cref="SlackResult{T}"/>; nothing here throws for Slack's sake.
/// </summary>
internal sealed class SlackApi(HttpClient http, IOptions<SlackOptions> options, TimeProvider time) : ISlackApi
{
    /// <summary>When a 429 carries no Retry-After.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    private static SlackJsonContext Json => SlackJsonContext.Default;

    public async Task<SlackResult<string>> PostMessageAsync(PostMessageRequest request, CancellationToken cancellationToken) =>
        await CallAsync("chat.postMessage", request, Json.PostMessageRequest, Json.PostMessageResponse, BotToken, cancellationToken) switch
        {
            SlackResult<PostMessageResponse>.Ok { Value.Ts: { } ts } => new SlackResult<string>.Ok(ts),
            SlackResult<PostMessageResponse>.Ok => new SlackResult<string>.Unavailable("chat.postMessage answered ok without a ts"),
            var other => Relay<PostMessageResponse, string>(other),
        };

    public async Task<SlackResult<bool>> UpdateMessageAsync(UpdateMessageRequest request, CancellationToken cancellationToken) =>
        Done(await CallAsync("chat.update", request, Json.UpdateMessageRequest, Json.SlackEnvelope, BotToken, cancellationToken));

    public async Task<SlackResult<bool>> PostEphemeralAsync(PostEphemeralRequest request, CancellationToken cancellationToken) =>
        Done(await CallAsync("chat.postEphemeral", request, Json.PostEphemeralRequest, Json.SlackEnvelope, BotToken, cancellationToken));

    public async Task<SlackResult<IReadOnlyList<HistoryMessage>>> GetHistoryAsync(string channel, int limit, CancellationToken cancellationToken)
    {
        var query = $"conversations.history?channel={Uri.EscapeDataString(channel)}&limit={limit.ToString(CultureInfo.InvariantCulture)}&include_all_metadata=true";
        using var request = new HttpRequestMessage(HttpMethod.Get, query);
        return await SendAsync(request, Json.HistoryResponse, BotToken, cancellationToken) switch
        {
            SlackResult<HistoryResponse>.Ok ok => new SlackResult<IReadOnlyList<HistoryMessage>>.Ok(ok.Value.Messages),
            var other => Relay<HistoryResponse, IReadOnlyList<HistoryMessage>>(other),
        };
    }

    public async Task<SlackResult<IReadOnlyList<HistoryMessage>>> GetRepliesAsync(string channel, string threadTs, int limit, CancellationToken cancellationToken)
    {
        var query = $"conversations.replies?channel={Uri.EscapeDataString(channel)}&ts={Uri.EscapeDataString(threadTs)}&limit={limit.ToString(CultureInfo.InvariantCulture)}&include_all_metadata=true";
        using var request = new HttpRequestMessage(HttpMethod.Get, query);
        return await SendAsync(request, Json.HistoryResponse, BotToken, cancellationToken) switch
        {
            SlackResult<HistoryResponse>.Ok ok => new SlackResult<IReadOnlyList<HistoryMessage>>.Ok(ok.Value.Messages),
            var other => Relay<HistoryResponse, IReadOnlyList<HistoryMessage>>(other),
        };
    }

    public Task<SlackResult<AuthTestResponse>> TestAuthAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "auth.test");
        return SendAsync(request, Json.AuthTestResponse, BotToken, cancellationToken);
    }

    public async Task<SlackResult<Uri>> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "apps.connections.open");
        return await SendAsync(request, Json.ConnectionsOpenResponse, options.Value.AppToken, cancellationToken) switch
        {
            SlackResult<ConnectionsOpenResponse>.Ok { Value.Url: { } url } when Uri.TryCreate(url, UriKind.Absolute, out var uri) => new SlackResult<Uri>.Ok(uri),
            SlackResult<ConnectionsOpenResponse>.Ok => new SlackResult<Uri>.Unavailable("apps.connections.open answered ok without a usable url"),
            var other => Relay<ConnectionsOpenResponse, Uri>(other),
        };
    }

    public async Task<SlackResult<bool>> RespondAsync(Uri responseUrl, ResponseMessage message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, responseUrl) { Content = JsonContent.Create(message, Json.ResponseMessage) };
        using var timeout = Timeout(cancellationToken);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests => new SlackResult<bool>.RateLimited(RetryAfter(response)),
                >= HttpStatusCode.InternalServerError => new SlackResult<bool>.Unavailable($"response_url answered HTTP {(int)response.StatusCode}"),
                >= HttpStatusCode.BadRequest => new SlackResult<bool>.Refused($"response_url answered HTTP {(int)response.StatusCode}"),
                _ => new SlackResult<bool>.Ok(true),
            };
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            // The message names the exception type only: an HttpRequestException's text can hold the URL.
            return new SlackResult<bool>.Unavailable($"response_url unreachable ({ex.GetType().Name})");
        }
    }

    private string? BotToken => options.Value.BotToken;

    private async Task<SlackResult<TResponse>> CallAsync<TRequest, TResponse>(
        string method, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, string? token, CancellationToken cancellationToken)
        where TResponse : SlackEnvelope
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = JsonContent.Create(body, requestType) };
        return await SendAsync(request, responseType, token, cancellationToken);
    }

    private async Task<SlackResult<TResponse>> SendAsync<TResponse>(
        HttpRequestMessage request, JsonTypeInfo<TResponse> responseType, string? token, CancellationToken cancellationToken)
        where TResponse : SlackEnvelope
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var method = request.RequestUri?.OriginalString.Split('?')[0] ?? "?";
        using var timeout = Timeout(cancellationToken);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return new SlackResult<TResponse>.RateLimited(RetryAfter(response));
            }

            if (!response.IsSuccessStatusCode)
            {
                return new SlackResult<TResponse>.Unavailable($"{method} answered HTTP {(int)response.StatusCode}");
            }

            var envelope = await response.Content.ReadFromJsonAsync(responseType, timeout.Token);
            return envelope switch
            {
                null => new SlackResult<TResponse>.Unavailable($"{method} answered an empty body"),
                { Ok: true } => new SlackResult<TResponse>.Ok(envelope),
                _ => new SlackResult<TResponse>.Refused(envelope.Error ?? "unknown_error"),
            };
        }
        catch (JsonException)
        {
            return new SlackResult<TResponse>.Unavailable($"{method} answered something that is not Slack's JSON");
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            return new SlackResult<TResponse>.Unavailable(ex is OperationCanceledException
                ? $"{method} timed out after {options.Value.Timeout.TotalSeconds:0.#} s"
                : $"{method} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private Deadline Timeout(CancellationToken cancellationToken) => new(options.Value.Timeout, time, cancellationToken);

    /// <summary>Network trouble and our own timeout; a cancellation by the caller propagates.</summary>
    private static bool IsUnavailable(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date && date > time.GetUtcNow() ? date - time.GetUtcNow() : DefaultRetryAfter;
    }

    private static SlackResult<bool> Done<T>(SlackResult<T> result) => result switch
    {
        SlackResult<T>.Ok => new SlackResult<bool>.Ok(true),
        var other => Relay<T, bool>(other),
    };

    /// <summary>A result that is not <c>Ok</c>, as a result of another type.</summary>
    private static SlackResult<TOut> Relay<TIn, TOut>(SlackResult<TIn> result) => result switch
    {
        SlackResult<TIn>.Refused r => new SlackResult<TOut>.Refused(r.Error),
        SlackResult<TIn>.RateLimited r => new SlackResult<TOut>.RateLimited(r.RetryAfter),
        SlackResult<TIn>.Unavailable r => new SlackResult<TOut>.Unavailable(r.Reason),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.GetType().Name, "only failures are relayed"),
    };

    /// <summary>The caller's token, cancelled also when <c>PolicyWatch:Slack:Timeout</c> has passed (on the <see cref="TimeProvider"/>).</summary>
    private sealed class Deadline : IDisposable
    {
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _linked;

        public Deadline(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
        {
            _timer = new CancellationTokenSource(timeout, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
        }

        public CancellationToken Token => _linked.Token;

        public void Dispose()
        {
            _linked.Dispose();
            _timer.Dispose();
        }
    }
}
