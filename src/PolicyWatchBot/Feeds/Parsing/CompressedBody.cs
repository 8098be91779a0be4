using System.IO.Compression;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// A body that is still gzip-compressed (a server that sent <c>Content-Encoding: gzip</c> twice,
/// or a capture saved before inflating) is recognised by its magic bytes and inflated, up to a cap.
/// </summary>
internal static class CompressedBody
{
    /// <summary>Largest inflated body accepted (a zip bomb is a parse error, not an outage of the host).</summary>
    public const int MaxInflatedBytes = 64 * 1024 * 1024;

    public static bool IsGzip(ReadOnlySpan<byte> content) =>
        content.Length >= 3 && content[0] == 0x1F && content[1] == 0x8B && content[2] == 0x08;

    /// <summary>The inflated bytes, or the input itself when it is not gzip.</summary>
    /// <exception cref="InvalidDataException">Corrupt gzip data, or more than <see cref="MaxInflatedBytes"/>.</exception>
    public static byte[] InflateIfGzip(byte[] content)
    {
        if (!IsGzip(content))
        {
            return content;
        }

        using var input = new MemoryStream(content, writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(content.Length * 4);
        byte[] buffer = new byte[81920];
        int read;
        while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + read > MaxInflatedBytes)
            {
                throw new InvalidDataException($"gzip body inflates to more than {MaxInflatedBytes / (1024 * 1024)} MB");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
