using System.ComponentModel.DataAnnotations;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// <c>PolicyWatch:Discord</c>: the application's credentials (all empty: Discord is off) and how
/// the REST client behaves. Holds secrets, so <see cref="ToString"/> names none of them.
/// </summary>
public sealed class DiscordOptions
{
    public const string Section = "PolicyWatch:Discord";

    /// <summary>The bot token (Developer Portal → Bot); sent as <c>Authorization: Bot …</c>.</summary>
    public string? BotToken { get; set; }

    /// <summary>The application's Ed25519 public key, 64 hex characters (General Information → Public Key).</summary>
    public string? PublicKey { get; set; }

    /// <summary>The application id (a snowflake), for command registration and interaction webhooks.</summary>
    public string? ApplicationId { get; set; }

    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://discord.com/api/v10/");

    /// <summary>How long one REST call may take before it counts as a timeout (retried by the outbox).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A rate-limit wait up to this long is waited inline; a longer one defers the post.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan MaxInlineWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After a 401 the token is not used again for this long, and after a 403 or 404 that channel is
    /// not called for this long, so the bot stays far from Discord's invalid-request limit.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefusalHold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A command still running after this long is answered "thinking…" and finished by editing that answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:02.500")]
    public TimeSpan DeferAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Signed requests older (or newer) than this are refused as replays.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether the credentials are set, so the adapter is on.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken);

    public override string ToString() => $"Discord application {ApplicationId} at {ApiBaseUrl} (credentials {(IsConfigured ? "set" : "not set")})";
}
