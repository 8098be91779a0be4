using System.Text.Json;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// A configuration file that cannot be read (appsettings.json with a missing comma, say) is
/// reported by file, line and column instead of the configuration library's stack trace.
/// </summary>
internal static class ConfigurationFiles
{
    // What the JSON configuration provider accepts: comments and trailing commas.
    private static readonly JsonDocumentOptions Accepted = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Builds what reads the configuration; a file that cannot be read becomes a <see cref="StartupProblemException"/>.</summary>
    public static T Load<T>(string contentRoot, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (InvalidDataException ex)
        {
            throw new StartupProblemException(Explain(contentRoot, ex));
        }
    }

    private static string Explain(string contentRoot, InvalidDataException ex)
    {
        foreach (var file in Candidates(contentRoot))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(file), Accepted);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return $"{file}: the file must hold one JSON object ({{ ... }}), not a {document.RootElement.ValueKind.ToString().ToLowerInvariant()}; fix it and start again (nothing was changed)";
                }
            }
            catch (JsonException json)
            {
                var line = json.LineNumber + 1;
                var column = json.BytePositionInLine + 1;
                return $"{file}:{line}:{column}: not valid JSON ({FirstSentence(json.Message)}); fix the file and start again (nothing was changed)";
            }
            catch (IOException)
            {
                // Unreadable here too: the message of the configuration library below says which.
            }
        }

        var reasons = string.Join(": ", Chain(ex).Select(e => e.Message));
        return $"the configuration cannot be read: {reasons}; fix it and start again (nothing was changed)";
    }

    private static IEnumerable<string> Candidates(string contentRoot)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        foreach (var name in (string[])["appsettings.json", $"appsettings.{environment}.json"])
        {
            var path = Path.Combine(contentRoot, name);
            if (File.Exists(path))
            {
                yield return path;
            }
        }
    }

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    // System.Text.Json appends "LineNumber: 4 | BytePositionInLine: 2." which the prefix already says.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
