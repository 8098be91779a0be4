using System.ComponentModel.DataAnnotations;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// <c>PolicyWatch:Slack</c>: the app's credentials (all empty: Slack is off), who may change a
/// channel's setup, and how the Web API client behaves. Holds secrets, so <see cref="ToString"/>
/// names none of them.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "PolicyWatch:Slack";

    /// <summary>The bot token (<c>xoxb-…</c>, OAuth &amp; Permissions); posts and updates alerts.</summary>
    public string? BotToken { get; set; }

    /// <summary>The signing secret (Basic Information → App Credentials); verifies every HTTP request from Slack.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>An app-level token (<c>xapp-…</c>, scope <c>connections:write</c>); when set, commands and buttons arrive over Socket Mode.</summary>
    public string? AppToken { get; set; }

    /// <summary>The app's id (<c>A…</c>); when set, requests for any other app are refused.</summary>
    public string? AppId { get; set; }

    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>
    /// Slack user ids allowed to change a channel's setup; empty means everyone. Configuration may
    /// give a list or one comma-separated string (<c>PolicyWatch__Slack__Managers=U1,U2</c>).
    /// </summary>
    public IList<string> Managers { get; } = [];

    /// <summary>The least time between two messages posted to one channel (Slack allows about one a second).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MessageInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one Web API call may take before it counts as a timeout (retried by the outbox).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A command still running after this long is acknowledged at once and answered through <c>response_url</c> when done.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:02.500")]
    public TimeSpan DeferAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Signed requests older (or newer) than this are refused as replays.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:05:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After Slack refused the token, no call is made with it for this long (posts are parked at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RefusalHold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first wait before a Socket Mode reconnect after a failure; it doubles up to two minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:02:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether the bot token is set, so alerts go to Slack.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>Whether commands and buttons arrive over Socket Mode rather than HTTP.</summary>
    public bool UsesSocketMode => IsConfigured && !string.IsNullOrWhiteSpace(AppToken);

    public override string ToString() =>
        $"Slack(configured: {IsConfigured}, socket mode: {UsesSocketMode}, api: {ApiBaseUrl}, managers: {Managers.Count})";
}
