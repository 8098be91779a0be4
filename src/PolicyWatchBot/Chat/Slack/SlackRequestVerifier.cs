using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Reads an HTTP request's raw body and checks Slack's signature over it before anything is
/// parsed; refusals are logged with the reason, never with the body, headers or secret.
/// </summary>
internal sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackRequestVerifier> logger)
{
    /// <summary>Slack's payloads are a few kilobytes; anything much larger is not Slack.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>The raw body when the signature is valid; null (and logged) when the request is refused.</summary>
    public async Task<byte[]?> ReadVerifiedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RawRequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            Refuse(request, $"body larger than {MaxBodyBytes} bytes");
            return null;
        }

        var settings = options.Value;
        var check = SlackSignature.Verify(
            settings.SigningSecret ?? "",
            request.Headers[SlackSignature.TimestampHeader].ToString(),
            request.Headers[SlackSignature.SignatureHeader].ToString(),
            body,
            time.GetUtcNow(),
            settings.MaxClockSkew);
        if (check != SignatureCheck.Valid)
        {
            Refuse(request, check switch
            {
                SignatureCheck.MissingHeaders => "no X-Slack-Signature or X-Slack-Request-Timestamp header",
                SignatureCheck.Stale => $"timestamp missing, malformed or more than {settings.MaxClockSkew.TotalMinutes:0.#} minutes from now (a replay?)",
                _ => "signature does not match (wrong PolicyWatch:Slack:SigningSecret, or an altered body)",
            });
            return null;
        }

        return body;
    }

    /// <summary>Whether a verified request is for this app (always, when <c>PolicyWatch:Slack:AppId</c> is empty); logs a refusal.</summary>
    public bool IsForThisApp(HttpRequest request, string? apiAppId)
    {
        var appId = options.Value.AppId;
        if (string.IsNullOrWhiteSpace(appId) || string.Equals(appId, apiAppId, StringComparison.Ordinal))
        {
            return true;
        }

        Refuse(request, $"signed for app {apiAppId ?? "(none)"}, not PolicyWatch:Slack:AppId");
        return false;
    }

    private void Refuse(HttpRequest request, string reason) =>
        logger.RequestRefused(request.Path, request.HttpContext.Connection.RemoteIpAddress?.ToString(), reason);
}
