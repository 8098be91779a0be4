using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Chat.Slack;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>Sends what Slack sends to the bot's endpoints: form bodies signed with the signing secret.</summary>
internal sealed class SignedSlackClient(Uri baseAddress, string signingSecret) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { BaseAddress = baseAddress };

    public static SignedSlackClient For(WebApplication app, string signingSecret)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SignedSlackClient(new Uri(address.TrimEnd('/') + "/"), signingSecret);
    }

    /// <summary><c>/policywatch TEXT</c> typed by <paramref name="user"/> in channel C1 of workspace T1; Slack escapes &amp;, &lt; and &gt;.</summary>
    public Task<HttpResponseMessage> CommandAsync(string text, Uri responseUrl, string user = "U1", string? appId = "A1") =>
        PostAsync("slack/commands", Form(
            ("token", "legacy-ignored"), ("team_id", "T1"), ("team_domain", "acme"), ("channel_id", "C1"), ("channel_name", "general"),
            ("user_id", user), ("user_name", "alice"), ("command", "/policywatch"), ("text", SlackText.Escape(text)),
            ("api_app_id", appId), ("response_url", responseUrl.ToString()), ("trigger_id", "1.2.3")));

    /// <summary>A press of the button with payload <paramref name="value"/> on the message <paramref name="messageTs"/>.</summary>
    public Task<HttpResponseMessage> PressAsync(string value, string messageTs, Uri responseUrl, string user = "U2") =>
        PostAsync("slack/interactions", Form(("payload", ButtonPress(value, messageTs, responseUrl, user))));

    public static string ButtonPress(string value, string messageTs, Uri responseUrl, string user = "U2") => JsonSerializer.Serialize(new
    {
        type = "block_actions",
        user = new { id = user, username = "bob", name = "bob", team_id = "T1" },
        team = new { id = "T1", domain = "acme" },
        api_app_id = "A1",
        container = new { type = "message", message_ts = messageTs, channel_id = "C1", is_ephemeral = false },
        channel = new { id = "C1", name = "general" },
        response_url = responseUrl.ToString(),
        trigger_id = "1.2.3",
        actions = new[] { new { type = "button", action_id = value, block_id = "b1", value, action_ts = "1.1" } },
    });

    public Task<HttpResponseMessage> PostAsync(string path, string body, string? timestamp = null, string? signature = null, string? secret = null)
    {
        var stamp = timestamp ?? TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add(SlackSignature.TimestampHeader, stamp);
        request.Headers.Add(SlackSignature.SignatureHeader, signature ?? SlackSignature.Sign(secret ?? signingSecret, stamp, Encoding.UTF8.GetBytes(body)));
        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostUnsignedAsync(string path, string body) =>
        _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

    public static string Form(params (string Name, string? Value)[] fields) =>
        string.Join('&', fields.Where(f => f.Value is not null).Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value!)}"));

    public void Dispose() => _http.Dispose();
}
