using Microsoft.AspNetCore.Http;

namespace PolicyWatchBot.Chat;

/// <summary>
/// Reads a chat platform's request body as the exact bytes received, before anything parses it:
/// the platform's signature covers those bytes, and a re-serialised form would not match.
/// </summary>
internal static class RawRequestBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/> (nothing beyond that is read).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
