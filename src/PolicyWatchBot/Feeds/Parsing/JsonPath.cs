using System.Text.Json;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// The small path language of <c>json-list</c> feed files. A path is member names separated by dots,
/// each optionally followed by <c>[]</c> (every element of an array) or <c>[N]</c> (element N, from
/// 0): <c>results[].latestAction.text</c>. A name that meets an array is looked up in each element,
/// so <c>agencies.name</c> is <c>agencies[].name</c>. A name with dots or brackets is quoted,
/// <c>['dc.title']</c>; <c>$</c> alone is the value itself (a root array of items). A path gives every
/// value it reaches; strings, numbers and booleans read as text, null and objects as nothing, arrays
/// as their elements. A template is literal text with paths in braces, <c>{congress}-{type}-{number}</c>:
/// it gives one value, made of the first value of each path, or nothing when a path has none.
/// </summary>
internal sealed class JsonPath
{
    private readonly Step[] _steps;

    private JsonPath(string text, Step[] steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    /// <summary>Parses a path; the error names the column (1-based) and what was expected.</summary>
    public static JsonPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var path = text.Trim();
        if (path.Length == 0)
        {
            throw new FormatException("the path is empty (write $ for the value itself)");
        }

        var i = path == "$" ? 1 : path.StartsWith("$.", StringComparison.Ordinal) || path.StartsWith("$[", StringComparison.Ordinal) ? 1 : 0;
        var steps = new List<Step>();
        var expectName = i == 0;
        if (i == 1 && path.Length > 1 && path[1] == '.')
        {
            i = 2;
            expectName = true;
        }

        while (i < path.Length)
        {
            var c = path[i];
            if (c == '[')
            {
                i = ParseBracket(path, i, steps);
                expectName = false;
            }
            else if (c == '.')
            {
                if (expectName || i + 1 == path.Length)
                {
                    throw new FormatException($"column {i + 1}: expected a member name");
                }

                expectName = true;
                i++;
            }
            else
            {
                if (!expectName)
                {
                    throw new FormatException($"column {i + 1}: expected '.' or '[' before '{c}'");
                }

                var start = i;
                while (i < path.Length && path[i] is not ('.' or '['))
                {
                    if (char.IsWhiteSpace(path[i]) || path[i] is ']' or '{' or '}' or '\'' or '"')
                    {
                        throw new FormatException($"column {i + 1}: '{path[i]}' cannot be part of a name (quote the name: ['...'])");
                    }

                    i++;
                }

                steps.Add(Step.Member(path[start..i]));
                expectName = false;
            }
        }

        return new JsonPath(text, [.. steps]);
    }

    // [] every element, [N] element N, ['name'] or ["name"] a member; returns the index after ']'.
    private static int ParseBracket(string path, int open, List<Step> steps)
    {
        if (open + 1 < path.Length && path[open + 1] is '\'' or '"')
        {
            var quote = path[open + 1];
            var end = path.IndexOf(quote, open + 2);
            if (end < 0 || end + 1 >= path.Length || path[end + 1] != ']')
            {
                throw new FormatException($"column {open + 1}: expected {quote}] to close the quoted name");
            }

            steps.Add(Step.Member(path[(open + 2)..end]));
            return end + 2;
        }

        var close = path.IndexOf(']', open);
        if (close < 0)
        {
            throw new FormatException($"column {open + 1}: expected ']' to close '['");
        }

        var inside = path[(open + 1)..close];
        if (inside.Length == 0)
        {
            steps.Add(Step.Every);
        }
        else if (int.TryParse(inside, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            steps.Add(Step.At(index));
        }
        else
        {
            throw new FormatException($"column {open + 1}: expected [] or [N] with N a number from 0, found '[{inside}]'");
        }

        return close + 1;
    }

    /// <summary>Every JSON value the path reaches from <paramref name="start"/> (arrays at the end are not expanded).</summary>
    public IEnumerable<JsonElement> Select(JsonElement start)
    {
        IEnumerable<JsonElement> current = [start];
        foreach (var step in _steps)
        {
            current = current.SelectMany(step.Apply);
        }

        return current;
    }

    /// <summary>The scalar values the path reaches, as text: arrays give their elements, null and objects nothing.</summary>
    public IEnumerable<string> Texts(JsonElement start) => Select(start).SelectMany(Scalars);

    public static IEnumerable<string> Scalars(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Scalars),
        _ => [],
    };

    public override string ToString() => Text;

    private sealed class Step
    {
        private readonly string? _name;
        private readonly int _index;

        private Step(string? name, int index)
        {
            _name = name;
            _index = index;
        }

        public static Step Every { get; } = new(null, -1);

        public static Step Member(string name) => new(name, -1);

        public static Step At(int index) => new(null, index);

        public IEnumerable<JsonElement> Apply(JsonElement value)
        {
            if (_name is not null)
            {
                return value.ValueKind switch
                {
                    JsonValueKind.Object => value.TryGetProperty(_name, out var member) ? [member] : [],
                    JsonValueKind.Array => value.EnumerateArray().SelectMany(Apply),
                    _ => [],
                };
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            if (_index < 0)
            {
                return value.EnumerateArray();
            }

            return _index < value.GetArrayLength() ? [value[_index]] : [];
        }
    }
}
