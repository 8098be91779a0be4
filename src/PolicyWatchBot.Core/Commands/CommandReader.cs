using System.Buffers;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// A cursor over a command's text: whitespace-separated words one at a time, then the raw rest
/// (a rule expression, an ack note) exactly as typed.
/// </summary>
internal sealed class CommandReader(string text)
{
    private static readonly SearchValues<char> Quotes = SearchValues.Create("\"'\u201C\u201D\u2018\u2019");

    private int _position;

    public bool AtEnd
    {
        get
        {
            SkipWhiteSpace();
            return _position == text.Length;
        }
    }

    /// <summary>The next word, or null at the end.</summary>
    public string? NextWord()
    {
        var word = PeekWord();
        if (word is not null)
        {
            _position += word.Length;
        }

        return word;
    }

    /// <summary>The next word without moving past it, or null at the end.</summary>
    public string? PeekWord()
    {
        SkipWhiteSpace();
        var end = _position;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return end == _position ? null : text[_position..end];
    }

    /// <summary>
    /// The next word, or a quoted run with its quotes (<c>"ai chips"</c>) so that a rule name typed
    /// with spaces is refused as one name instead of being split.
    /// </summary>
    public string? NextName()
    {
        SkipWhiteSpace();
        if (_position == text.Length || !Quotes.Contains(text[_position]))
        {
            return NextWord();
        }

        var close = text.AsSpan(_position + 1).IndexOfAny(Quotes);
        var end = close < 0 ? text.Length : _position + 1 + close + 1;
        var name = text[_position..end];
        _position = end;
        return name;
    }

    /// <summary>Everything left, trimmed, with its inner spacing untouched ("" at the end).</summary>
    public string Rest()
    {
        var rest = text[_position..].Trim();
        _position = text.Length;
        return rest;
    }

    /// <summary>The words left, split on white space and commas, lower-cased.</summary>
    public IReadOnlyList<string> RestAsLowerCaseTokens() =>
        Rest().Split(',').SelectMany(part => part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Select(token => token.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private void SkipWhiteSpace()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }
    }
}
