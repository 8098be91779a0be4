using System.Buffers;
using System.Globalization;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// What a rule's regular expression may cost, checked on the pattern text before a
/// <see cref="System.Text.RegularExpressions.Regex"/> is built. The non-backtracking engine is linear
/// in the text but not in the pattern: counted repetitions are unrolled into its automaton
/// (<c>a{99999999}</c> allocates gigabytes before it is refused), and a counted group that can split
/// the text in many ways (<c>([a-z]+\s?){1,30}</c>) multiplies the states it builds per character. Its
/// match timeout is checked between steps, so one runaway step can overrun it by seconds: the bounds
/// here are what keeps every match cheap, and the timeout is the backstop.
/// </summary>
public static class RegexLimits
{
    /// <summary>The longest pattern, in characters between the slashes.</summary>
    public const int MaxPatternLength = 200;

    /// <summary>The largest count in <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c>.</summary>
    public const int MaxRepetition = 100;

    /// <summary>The most elements of the pattern with every count multiplied out (<c>.{0,100}</c> is 100).</summary>
    public const int MaxElements = 250;

    /// <summary>The most elements all counted groups (<c>(\w+\s){0,6}</c> is 2 × 6) may add up to.</summary>
    public const int MaxCountedGroupElements = 12;

    private static readonly SearchValues<char> GroupMarks = SearchValues.Create("*+?{|(");

    /// <summary>
    /// How long one regular expression may run on one value of one item: a backstop far above what the
    /// bounds allow (milliseconds), so that a loaded machine does not make a good rule miss an item.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The first limit <paramref name="pattern"/> exceeds: the index in the pattern to point at and why; null when it is within all.</summary>
    public static (int Index, string Message)? Check(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > MaxPatternLength)
        {
            return (MaxPatternLength, Invariant($"the regular expression is {pattern.Length} characters long; at most {MaxPatternLength} are allowed"));
        }

        var scan = new Scanner(pattern);
        var elements = scan.Pattern();
        if (scan.Failure is { } failure)
        {
            return failure;
        }

        if (elements > MaxElements)
        {
            return (0, Invariant($"the regular expression has {elements} elements once its counts are multiplied out; at most {MaxElements} are allowed (a count multiplies what it repeats: .{{0,100}} is 100)"));
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A recursive scan of .NET pattern syntax that only measures: it does not validate (the
    /// <see cref="System.Text.RegularExpressions.Regex"/> constructor does that, with its own offsets).
    /// </summary>
    private sealed class Scanner(string pattern)
    {
        // Far above any real count, far below int overflow when multiplied by MaxElements.
        private const long Saturated = 1_000_000;

        private int _pos;
        private long _countedGroupElements;

        public (int Index, string Message)? Failure { get; private set; }

        /// <summary>The elements of the whole pattern; a stray ')' (which the constructor refuses) does not end the scan.</summary>
        public long Pattern()
        {
            long total = Alternation();
            while (Failure is null && _pos < pattern.Length)
            {
                _pos++;
                total = Math.Min(Saturated, total + Alternation());
            }

            return total;
        }

        private long Alternation()
        {
            long total = Sequence();
            while (Failure is null && _pos < pattern.Length && pattern[_pos] == '|')
            {
                _pos++;
                total = Math.Min(Saturated, total + Sequence());
            }

            return total;
        }

        private long Sequence()
        {
            long total = 0;
            while (Failure is null && _pos < pattern.Length && pattern[_pos] is not ('|' or ')'))
            {
                var (elements, isGroup) = Atom();
                total = Math.Min(Saturated, total + Quantified(elements, isGroup));
            }

            return total;
        }

        /// <summary>One atom and its elements; a group whose content is more than one plain element counts as a group.</summary>
        private (long Elements, bool IsGroup) Atom()
        {
            var c = pattern[_pos];
            switch (c)
            {
                case '(':
                    return Group();
                case '[':
                    SkipClass();
                    return (1, false);
                case '\\':
                    SkipEscape();
                    return (1, false);
                default:
                    _pos++;
                    return (1, false);
            }
        }

        private (long Elements, bool IsGroup) Group()
        {
            _pos++;
            if (At("?#"))
            {
                var close = pattern.IndexOf(')', _pos);
                _pos = close < 0 ? pattern.Length : close + 1;
                return (0, false);
            }

            if (At("?"))
            {
                SkipGroupPrefix();
            }

            var start = _pos;
            var elements = Alternation();
            var content = pattern.AsSpan(start, _pos - start);
            if (_pos < pattern.Length && pattern[_pos] == ')')
            {
                _pos++;
            }

            // (x) is one element; (ab), (a|b), (a+) can match in more than one way per repetition.
            return (elements, elements > 1 || content.IndexOfAny(GroupMarks) >= 0);
        }

        /// <summary>Skips what follows "(?": a name, inline options, or a lookaround or atomic marker.</summary>
        private void SkipGroupPrefix()
        {
            _pos++;
            if (_pos >= pattern.Length)
            {
                return;
            }

            var c = pattern[_pos];
            if (c is ':' or '=' or '!' or '>')
            {
                _pos++;
                return;
            }

            if (c == '<' && _pos + 1 < pattern.Length && pattern[_pos + 1] is '=' or '!')
            {
                _pos += 2;
                return;
            }

            if (c is '<' or '\'')
            {
                var end = pattern.IndexOf(c == '<' ? '>' : '\'', _pos + 1);
                _pos = end < 0 ? pattern.Length : end + 1;
                return;
            }

            // Inline options: (?imnsx-imnsx) or (?imnsx-imnsx:...).
            while (_pos < pattern.Length && (char.IsAsciiLetter(pattern[_pos]) || pattern[_pos] == '-'))
            {
                _pos++;
            }

            if (_pos < pattern.Length && pattern[_pos] == ':')
            {
                _pos++;
            }
        }

        private void SkipClass()
        {
            var depth = 0;
            _pos++;
            if (At("^"))
            {
                _pos++;
            }

            if (At("]"))
            {
                _pos++;
            }

            while (_pos < pattern.Length)
            {
                var c = pattern[_pos];
                if (c == '\\')
                {
                    SkipEscape();
                    continue;
                }

                _pos++;
                if (c == '[' && _pos >= 2 && pattern[_pos - 2] == '-')
                {
                    depth++;
                }
                else if (c == ']')
                {
                    if (depth == 0)
                    {
                        return;
                    }

                    depth--;
                }
            }
        }

        private void SkipEscape()
        {
            _pos++;
            if (_pos >= pattern.Length)
            {
                return;
            }

            var c = pattern[_pos++];
            if (c is 'p' or 'P' && At("{"))
            {
                var close = pattern.IndexOf('}', _pos);
                _pos = close < 0 ? pattern.Length : close + 1;
            }
            else if (c == 'k' && At("<"))
            {
                var close = pattern.IndexOf('>', _pos);
                _pos = close < 0 ? pattern.Length : close + 1;
            }
        }

        private long Quantified(long elements, bool isGroup)
        {
            while (Failure is null && _pos < pattern.Length)
            {
                var c = pattern[_pos];
                if (c is '*' or '+' or '?')
                {
                    _pos++;
                }
                else if (c == '{' && TryCount(out var count, out var column))
                {
                    if (count > MaxRepetition)
                    {
                        var typed = pattern[column.._pos];
                        Failure = (column, Invariant($"a count in {{n,m}} is at most {MaxRepetition}; found {(typed.Length > 24 ? typed[..24] + "…" : typed)}"));
                        return elements;
                    }

                    elements = Math.Min(Saturated, elements * Math.Max(1, count));
                    if (isGroup)
                    {
                        _countedGroupElements += elements;
                        if (_countedGroupElements > MaxCountedGroupElements)
                        {
                            Failure = (column, Invariant($"counted groups may repeat at most {MaxCountedGroupElements} elements in all, here {_countedGroupElements} (a group's elements times its count: (\\w+\\s){{0,6}} is 12); to find words close together use NEAR/n"));
                            return elements;
                        }
                    }

                    // A group repeated by count is a plain run now: (ab){3} inside (...){2} is counted once more, multiplied.
                    isGroup = true;
                }
                else
                {
                    break;
                }

                if (At("?"))
                {
                    _pos++;
                }
            }

            return elements;
        }

        /// <summary>Reads {n}, {n,} or {n,m} at the cursor; the count that bounds its work is m, or n + 1 for {n,}.
        /// A brace that starts no count is a literal and is left alone.</summary>
        private bool TryCount(out long count, out int column)
        {
            count = 0;
            column = _pos;
            var i = _pos + 1;
            var lower = Number(ref i);
            if (lower < 0)
            {
                return false;
            }

            long upper = lower;
            if (i < pattern.Length && pattern[i] == ',')
            {
                i++;
                var n = Number(ref i);
                upper = n < 0 ? Math.Min(Saturated, lower + 1) : n;
            }

            if (i >= pattern.Length || pattern[i] != '}')
            {
                return false;
            }

            _pos = i + 1;
            count = Math.Max(lower, upper);
            return true;
        }

        /// <summary>The decimal number at <paramref name="i"/> (saturated), or -1 when there is none.</summary>
        private long Number(ref int i)
        {
            var start = i;
            long value = 0;
            while (i < pattern.Length && char.IsAsciiDigit(pattern[i]))
            {
                value = Math.Min(Saturated, (value * 10) + (pattern[i] - '0'));
                i++;
            }

            return i == start ? -1 : value;
        }

        private bool At(string text) => pattern.AsSpan(_pos).StartsWith(text, StringComparison.Ordinal);
    }
}
