using System.Globalization;
using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// The credentials go together: all empty (Discord off) or all set, the public key 64 hex
/// characters that import as an Ed25519 key, the application id a snowflake. Every problem is
/// reported at once, naming the key (never a secret's value).
/// </summary>
internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var set = new[] { options.BotToken, options.PublicKey, options.ApplicationId }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (set == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            errors.Add($"{DiscordOptions.Section}:BotToken is empty; set it with PublicKey and ApplicationId, or leave all three empty to turn Discord off");
        }

        if (string.IsNullOrWhiteSpace(options.PublicKey))
        {
            errors.Add($"{DiscordOptions.Section}:PublicKey is empty; copy the application's Public Key (64 hex characters) from the Developer Portal");
        }
        else if (!DiscordSignatureVerifier.TryImportKey(options.PublicKey, out _))
        {
            errors.Add($"{DiscordOptions.Section}:PublicKey is '{options.PublicKey}'; expected the application's Public Key: 64 hex characters of an Ed25519 key");
        }

        if (!ulong.TryParse(options.ApplicationId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors.Add($"{DiscordOptions.Section}:ApplicationId is '{options.ApplicationId}'; expected the application id, a number such as 1234567890123456789");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
