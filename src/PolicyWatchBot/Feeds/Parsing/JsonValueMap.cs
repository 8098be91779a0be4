using System.Text;
using System.Text.Json;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// A mapped value of a <c>json-list</c> feed file: one path (every value it reaches), or a template,
/// literal text with paths in braces (one value, or none when a path reaches nothing). A path in
/// braces may end in a filter: <c>{accessionNumber|digits}</c> keeps the digits, <c>|lower</c> and
/// <c>|upper</c> change the case.
/// </summary>
internal sealed class JsonValueMap
{
    private static readonly Dictionary<string, Func<string, string>> Filters = new(StringComparer.Ordinal)
    {
        ["digits"] = value => string.Concat(value.Where(char.IsAsciiDigit)),
        ["lower"] = value => value.ToLowerInvariant(),
        ["upper"] = value => value.ToUpperInvariant(),
    };

    private readonly JsonPath? _path;
    private readonly IReadOnlyList<Part> _parts;

    private JsonValueMap(string text, JsonPath? path, IReadOnlyList<Part> parts)
    {
        Text = text;
        _path = path;
        _parts = parts;
    }

    public string Text { get; }

    public static JsonValueMap Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('{', StringComparison.Ordinal) && !text.Contains('}', StringComparison.Ordinal))
        {
            return new JsonValueMap(text, JsonPath.Parse(text), []);
        }

        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '}')
            {
                throw new FormatException($"column {i + 1}: '}}' without '{{'");
            }

            if (text[i] != '{')
            {
                literal.Append(text[i]);
                continue;
            }

            var close = text.IndexOf('}', i);
            if (close < 0)
            {
                throw new FormatException($"column {i + 1}: expected '}}' to close '{{'");
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null, null));
                literal.Clear();
            }

            parts.Add(ParsePlaceholder(text[(i + 1)..close], i));
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null, null));
        }

        return new JsonValueMap(text, null, parts);
    }

    /// <summary>Every value of a path (trimmed, non-empty); a template's one value, or none.</summary>
    public IReadOnlyList<string> Values(JsonElement item)
    {
        if (_path is not null)
        {
            return _path.Texts(item).Select(HtmlText.Collapse).Where(t => t.Length > 0).ToList();
        }

        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part.Path is null)
            {
                text.Append(part.Literal);
                continue;
            }

            var value = part.Path.Texts(item).Select(HtmlText.Collapse).FirstOrDefault(t => t.Length > 0);
            if (value is null)
            {
                return [];
            }

            text.Append(part.Filter is null ? value : part.Filter(value));
        }

        return [text.ToString()];
    }

    public string? First(JsonElement item) => Values(item) is { Count: > 0 } values ? values[0] : null;

    public override string ToString() => Text;

    private static Part ParsePlaceholder(string inside, int column)
    {
        var bar = inside.LastIndexOf('|');
        Func<string, string>? filter = null;
        if (bar >= 0)
        {
            var name = inside[(bar + 1)..].Trim();
            if (!Filters.TryGetValue(name, out filter))
            {
                throw new FormatException($"column {column + 1}: unknown filter '|{name}' (filters are {string.Join(", ", Filters.Keys.Select(k => "|" + k))})");
            }

            inside = inside[..bar];
        }

        try
        {
            return new Part("", JsonPath.Parse(inside), filter);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"in '{{{inside}}}' at column {column + 1}: {ex.Message}", ex);
        }
    }

    private sealed record Part(string Literal, JsonPath? Path, Func<string, string>? Filter);
}
