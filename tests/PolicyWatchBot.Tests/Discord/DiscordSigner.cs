using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using NSec.Cryptography;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>An Ed25519 key pair made for one test, signing interactions the way Discord does.</summary>
public sealed class DiscordSigner : IDisposable
{
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519);

    public string PublicKeyHex => Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    public string Sign(string timestamp, string body) =>
        Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(timestamp + body)));

    /// <summary>A POST of the body to the interactions endpoint, signed now (or at the given Unix time).</summary>
    public HttpRequestMessage Request(Uri endpoint, string body, long? unixSeconds = null)
    {
        var timestamp = (unixSeconds ?? TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", Sign(timestamp, body));
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        return request;
    }

    public void Dispose() => _key.Dispose();
}
