using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// The typed Discord REST client. It never retries on its own (the outbox owns retries); it
/// honours the rate limits before each call, and does not call at all when a refusal still stands.
/// </summary>
internal sealed class DiscordApi(
    HttpClient http,
    DiscordRateLimiter limiter,
    DiscordRefusals refusals,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordApi> logger) : IDiscordApi
{
    /// <summary>Discord asks bots for <c>DiscordBot (URL, version)</c>; other agents may be blocked.</summary>
    public const string UserAgent = "DiscordBot (https://github.com/policywatchbot, 1.0)";

    private static readonly DiscordJsonContext Json = DiscordJsonContext.Default;

    public Task<DiscordCallResult> CreateMessageAsync(string channelId, DiscordWire.Message message, CancellationToken cancellationToken) =>
        CallAsync(DiscordRoute.CreateMessage(channelId), JsonContent.Create(message, Json.Message), cancellationToken);

    public Task<DiscordCallResult> EditMessageAsync(string channelId, string messageId, DiscordWire.Message message, CancellationToken cancellationToken) =>
        CallAsync(DiscordRoute.EditMessage(channelId, messageId), JsonContent.Create(message, Json.Message), cancellationToken);

    public Task<DiscordCallResult> EditOriginalResponseAsync(string interactionToken, DiscordWire.Message message, CancellationToken cancellationToken) =>
        CallAsync(DiscordRoute.EditOriginal(ApplicationId, interactionToken), JsonContent.Create(message, Json.Message), cancellationToken);

    public Task<DiscordCallResult> DeleteOriginalResponseAsync(string interactionToken, CancellationToken cancellationToken) =>
        CallAsync(DiscordRoute.DeleteOriginal(ApplicationId, interactionToken), null, cancellationToken);

    public Task<DiscordCallResult> CreateFollowUpAsync(string interactionToken, DiscordWire.Message message, CancellationToken cancellationToken) =>
        CallAsync(DiscordRoute.FollowUp(ApplicationId, interactionToken), JsonContent.Create(message, Json.Message), cancellationToken);

    public Task<DiscordCallResult> OverwriteCommandsAsync(string? guildId, IReadOnlyList<DiscordCommandWire.Command> commands, CancellationToken cancellationToken) =>
        CallAsync(DiscordRoute.OverwriteCommands(ApplicationId, guildId), JsonContent.Create(commands.ToList(), Json.ListCommand), cancellationToken);

    private string ApplicationId => options.Value.ApplicationId ?? "";

    private async Task<DiscordCallResult> CallAsync(DiscordRoute route, HttpContent? content, CancellationToken cancellationToken)
    {
        using var body = content;
        if (refusals.Standing(route) is { } standing)
        {
            return standing;
        }

        if (await limiter.AcquireAsync(route, cancellationToken) is { } wait)
        {
            logger.RateLimited(route.ToString(), (long)wait.TotalMilliseconds);
            return DiscordCallResult.WaitFirst(wait);
        }

        var status = 0;
        HttpResponseHeaders? headers = null;
        DiscordWire.Error? error = null;
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var request = new HttpRequestMessage(route.Method, route.Path) { Content = body };
            if (route.IsBotCall)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bot", options.Value.BotToken);
            }

            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
                status = (int)response.StatusCode;
                headers = response.Headers;
                var result = await ReadAsync(route, response, linked.Token);
                error = result.Error;
                refusals.Record(route, result.Result);
                Log(route, result.Result);
                return result.Result;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return DiscordCallResult.Unreachable($"no answer within {options.Value.Timeout.TotalSeconds:0.#} s");
            }
            catch (HttpRequestException ex)
            {
                return DiscordCallResult.Unreachable(ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString());
            }
        }
        finally
        {
            limiter.Release(route, status, headers, error);
        }
    }

    private static async Task<(DiscordCallResult Result, DiscordWire.Error? Error)> ReadAsync(DiscordRoute route, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var created = status == (int)HttpStatusCode.NoContent || !route.IsCreateMessage
                ? null
                : await ReadJsonAsync(response, Json.CreatedMessage, cancellationToken);
            return (DiscordCallResult.Ok(created?.Id), null);
        }

        var error = await ReadJsonAsync(response, Json.Error, cancellationToken);
        var kind = status switch
        {
            429 => DiscordCallStatus.RateLimited,
            401 => DiscordCallStatus.Unauthorized,
            403 => DiscordCallStatus.Forbidden,
            404 => DiscordCallStatus.NotFound,
            >= 500 => DiscordCallStatus.ServerError,
            _ => DiscordCallStatus.Rejected,
        };
        var retryAfter = kind == DiscordCallStatus.RateLimited ? DiscordRateLimiter.RetryAfter(response.Headers, error) : (TimeSpan?)null;
        var message = error?.Message ?? response.ReasonPhrase;
        return (new DiscordCallResult(kind, status, null, retryAfter, error?.Code, message), error);
    }

    /// <summary>The JSON answer, or null when the body is not that JSON (a proxy's HTML error page).</summary>
    private static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Log(DiscordRoute route, DiscordCallResult result)
    {
        var name = route.ToString();
        switch (result.Status)
        {
            case DiscordCallStatus.Ok:
                logger.Called(name, result.HttpStatus);
                break;
            case DiscordCallStatus.RateLimited:
                logger.RateLimited(name, (long)(result.RetryAfter ?? TimeSpan.Zero).TotalMilliseconds);
                break;
            case DiscordCallStatus.Unauthorized:
                logger.TokenRefused(name);
                break;
            default:
                logger.CallFailed(name, result.Reason);
                break;
        }
    }
}
