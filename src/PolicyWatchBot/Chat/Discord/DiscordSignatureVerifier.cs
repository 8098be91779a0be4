using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Checks Discord's Ed25519 signature of an interaction request: <c>X-Signature-Ed25519</c> over the
/// UTF-8 of <c>X-Signature-Timestamp</c> followed by the raw body, with the application's public key.
/// </summary>
internal sealed class DiscordSignatureVerifier
{
    public const string SignatureHeader = "X-Signature-Ed25519";
    public const string TimestampHeader = "X-Signature-Timestamp";

    private const int SignatureHexLength = 128;
    private const int MaxTimestampLength = 20;
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    private readonly PublicKey _key;

    public DiscordSignatureVerifier(string publicKeyHex)
    {
        if (!TryImportKey(publicKeyHex, out var key))
        {
            throw new ArgumentException("not a 64-hex-character Ed25519 public key", nameof(publicKeyHex));
        }

        _key = key;
    }

    /// <summary>The key in the portal's form (64 hex characters), or false.</summary>
    public static bool TryImportKey(string? hex, [NotNullWhen(true)] out PublicKey? key)
    {
        key = null;
        return hex is { Length: 64 } && TryFromHex(hex, out var bytes)
            && PublicKey.TryImport(Algorithm, bytes, KeyBlobFormat.RawPublicKey, out key);
    }

    /// <summary>Whether the signature is Discord's for this timestamp and body; false for any missing or malformed part.</summary>
    public bool Verify(string? timestamp, string? signatureHex, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || timestamp.Length > MaxTimestampLength
            || signatureHex is not { Length: SignatureHexLength } || !TryFromHex(signatureHex, out var signature))
        {
            return false;
        }

        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        body.CopyTo(signed.AsSpan(written));
        return VerifyMessage(signed, signature);
    }

    /// <summary>Plain Ed25519 verification of a message (what <see cref="Verify"/> does once it has the signed bytes).</summary>
    public bool VerifyMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Algorithm.Verify(_key, message, signature);

    /// <summary>The signed timestamp as an instant (Unix seconds), or null when it is not one.</summary>
    public static DateTimeOffset? ParseTimestamp(string? timestamp) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static bool TryFromHex(string hex, out byte[] bytes)
    {
        bytes = new byte[hex.Length / 2];
        return hex.Length % 2 == 0 && Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == bytes.Length;
    }
}
