using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// Parses the keyword rule language of docs/rules.md. Precedence, tightest first: NOT/-, NEAR, AND (implicit
/// or explicit), OR; a field binds tighter than NOT and NEAR. Errors are returned, never thrown.
/// </summary>
public sealed class RuleParser
{
    public const int MaxLength = 1000;
    public const int MaxTerms = 64;
    public const int MaxNearDistance = 100;
    public const int MinPrefixLength = 3;

    internal const RegexOptions RegexFlags = RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private readonly string _text;
    private readonly TimeSpan _regexMatchTimeout;
    private readonly bool _deferRegexes;
    private int _pos;
    private Lexeme? _peeked;
    private LexemeKind _lastKind = LexemeKind.End;
    private int _terms;

    private RuleParser(string text, TimeSpan regexMatchTimeout, bool deferRegexes)
    {
        _text = text;
        _regexMatchTimeout = regexMatchTimeout;
        _deferRegexes = deferRegexes;
    }

    private enum LexemeKind
    {
        End,
        LeftParen,
        RightParen,
        And,
        Or,
        Not,
        Minus,
        Near,
        Term,
        Field,
    }

    /// <summary>Parses <paramref name="expression"/>; its regular expressions get <see cref="RegexLimits.MatchTimeout"/>.</summary>
    public static RuleParseResult Parse(string expression) => Parse(expression, RegexLimits.MatchTimeout);

    /// <summary>
    /// Parses a rule as stored, which <see cref="Parse(string)"/> accepted when it was added: every check
    /// is made but building its regular expressions, which are built the first time they are matched
    /// (a worker compiling 10,000 stored rules would otherwise build each of them at start).
    /// </summary>
    internal static RuleParseResult ParseStored(string expression) => Parse(expression, RegexLimits.MatchTimeout, deferRegexes: true);

    /// <summary>Parses with another regex match timeout (tests make one time out).</summary>
    internal static RuleParseResult Parse(string expression, TimeSpan regexMatchTimeout) => Parse(expression, regexMatchTimeout, deferRegexes: false);

    private static RuleParseResult Parse(string expression, TimeSpan regexMatchTimeout, bool deferRegexes)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Length > MaxLength)
        {
            return RuleParseResult.Failure(MaxLength + 1, $"the expression is {expression.Length} characters long; at most {MaxLength} are allowed");
        }

        var parser = new RuleParser(WellFormedText.Of(expression), regexMatchTimeout, deferRegexes);
        try
        {
            var root = parser.ParseOr();
            var next = parser.Peek();
            if (next.Kind != LexemeKind.End)
            {
                throw new ParseFailure(next.Column, next.Kind == LexemeKind.RightParen
                    ? "unexpected ')' with no matching '('"
                    : $"unexpected {Describe(next)}");
            }

            return RuleParseResult.Success(root);
        }
        catch (ParseFailure failure)
        {
            return RuleParseResult.Failure(failure.Column, failure.Message);
        }
    }

    private RuleNode ParseOr()
    {
        var first = ParseAnd();
        if (Peek().Kind != LexemeKind.Or)
        {
            return first;
        }

        var operands = new List<RuleNode> { first };
        while (Peek().Kind == LexemeKind.Or)
        {
            var op = Next();
            RequireTerm(op);
            operands.Add(ParseAnd());
        }

        return new OrNode(operands, first.Column);
    }

    private RuleNode ParseAnd()
    {
        var first = ParseNear();
        List<RuleNode>? operands = null;
        while (true)
        {
            var next = Peek();
            if (next.Kind == LexemeKind.And)
            {
                Next();
                RequireTerm(next);
            }
            else if (!StartsTerm(next.Kind))
            {
                break;
            }

            operands ??= [first];
            operands.Add(ParseNear());
        }

        return operands is null ? first : new AndNode(operands, first.Column);
    }

    private RuleNode ParseNear()
    {
        var left = ParseUnary();
        if (Peek().Kind != LexemeKind.Near)
        {
            return left;
        }

        var near = Next();
        RequireTerm(near);
        var right = ParseUnary();
        RequireNearOperand(left, near);
        RequireNearOperand(right, near);
        var chained = Peek();
        if (chained.Kind == LexemeKind.Near)
        {
            throw new ParseFailure(chained.Column, $"NEAR does not chain: '{chained.Text}' follows 'NEAR/{near.Number}' at column {near.Column}; combine NEARs with AND");
        }

        return new NearNode(left, right, near.Number, left.Column);
    }

    private RuleNode ParseUnary()
    {
        var next = Peek();
        if (next.Kind is not (LexemeKind.Not or LexemeKind.Minus))
        {
            return ParsePrimary();
        }

        Next();
        RequireTerm(next);
        return new NotNode(ParseUnary(), next.Column);
    }

    private RuleNode ParsePrimary()
    {
        var next = Next();
        switch (next.Kind)
        {
            case LexemeKind.LeftParen:
                return ParseGroup(next);
            case LexemeKind.Term:
                return next.Node!;
            case LexemeKind.Field:
                return new FieldNode(next.Field, ParseFieldOperand(next), next.Column);
            case LexemeKind.End:
                throw new ParseFailure(next.Column, "expected a term");
            case LexemeKind.RightParen:
                throw new ParseFailure(next.Column, "unexpected ')' with no matching '('");
            default:
                throw new ParseFailure(next.Column, $"expected a term, found {Describe(next)}");
        }
    }

    private RuleNode ParseGroup(Lexeme open)
    {
        RequireTerm(open);
        var inner = ParseOr();
        var close = Peek();
        if (close.Kind != LexemeKind.RightParen)
        {
            throw new ParseFailure(close.Column, $"expected ')' to close '(' at column {open.Column}");
        }

        Next();
        return inner;
    }

    private RuleNode ParseFieldOperand(Lexeme field)
    {
        var start = _pos;
        var c = start < _text.Length ? _text[start] : '\0';
        if (start >= _text.Length || char.IsWhiteSpace(c) || c == ')')
        {
            throw new ParseFailure(start + 1, $"expected a word, prefix, phrase, regex or '(' directly after '{field.Text}:' at column {field.Column}");
        }

        if (c == '(')
        {
            _pos++;
            _lastKind = LexemeKind.LeftParen;
            return ParseGroup(new Lexeme(LexemeKind.LeftParen, start + 1, "("));
        }

        var operand = IsQuote(c) ? LexPhrase(start) : c == '/' ? LexRegex(start) : LexWord(start, _pos = EndOfWord(start));
        _lastKind = LexemeKind.Term;
        return operand.Node!;
    }

    private void RequireTerm(Lexeme op)
    {
        var next = Peek();
        if (StartsTerm(next.Kind))
        {
            return;
        }

        var after = op.Kind == LexemeKind.Near ? $"NEAR/{op.Number}" : op.Text;
        var found = next.Kind == LexemeKind.End ? "" : $", found {Describe(next)}";
        throw new ParseFailure(next.Column, $"expected a term after '{after}' at column {op.Column}{found}");
    }

    private static void RequireNearOperand(RuleNode operand, Lexeme near)
    {
        if (!IsNearOperand(operand))
        {
            throw new ParseFailure(operand.Column, $"a NEAR/{near.Number} operand must be a word, a prefix, a phrase or a parenthesised OR of those");
        }
    }

    private static bool IsNearOperand(RuleNode node) => node switch
    {
        WordNode or PrefixNode or PhraseNode => true,
        FieldNode field => IsNearOperand(field.Operand),
        OrNode or => or.Operands.All(IsNearOperand),
        _ => false,
    };

    private static bool StartsTerm(LexemeKind kind) =>
        kind is LexemeKind.Term or LexemeKind.Field or LexemeKind.LeftParen or LexemeKind.Not or LexemeKind.Minus;

    private static string Describe(Lexeme lexeme) => lexeme.Kind switch
    {
        LexemeKind.End => "the end",
        LexemeKind.Near => $"'NEAR/{lexeme.Number}'",
        _ => $"'{lexeme.Text}'",
    };

    private Lexeme Peek() => _peeked ??= Lex();

    private Lexeme Next()
    {
        var lexeme = Peek();
        _peeked = null;
        _lastKind = lexeme.Kind;
        return lexeme;
    }

    private Lexeme Lex()
    {
        var afterMinus = _lastKind == LexemeKind.Minus;
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }

        var start = _pos;
        if (start >= _text.Length)
        {
            return new Lexeme(LexemeKind.End, _text.Length + 1, "");
        }

        var c = _text[start];
        var atTermStart = start == 0 || char.IsWhiteSpace(_text[start - 1]) || _text[start - 1] == '(';
        switch (c)
        {
            case '(':
                _pos++;
                return new Lexeme(LexemeKind.LeftParen, start + 1, "(");
            case ')':
                _pos++;
                return new Lexeme(LexemeKind.RightParen, start + 1, ")");
            case '-' when atTermStart:
                _pos++;
                return new Lexeme(LexemeKind.Minus, start + 1, "-");
            case '/' when atTermStart || afterMinus:
                return LexRegex(start);
        }

        if (IsQuote(c))
        {
            return LexPhrase(start);
        }

        var end = EndOfWord(start);
        var word = _text.AsSpan(start, end - start);
        var colon = word.IndexOf(':');
        if (colon > 0 && IsAsciiLetters(word[..colon]))
        {
            var name = word[..colon];
            if (!FieldScope.TryParse(name, out var field))
            {
                throw new ParseFailure(start + 1, $"unknown field '{name}'; fields are {FieldScope.Names}");
            }

            _pos = start + colon + 1;
            return new Lexeme(LexemeKind.Field, start + 1, name.ToString()) { Field = field };
        }

        _pos = end;
        if (word.Equals("and", StringComparison.OrdinalIgnoreCase))
        {
            return new Lexeme(LexemeKind.And, start + 1, word.ToString());
        }

        if (word.Equals("or", StringComparison.OrdinalIgnoreCase))
        {
            return new Lexeme(LexemeKind.Or, start + 1, word.ToString());
        }

        if (word.Equals("not", StringComparison.OrdinalIgnoreCase))
        {
            return new Lexeme(LexemeKind.Not, start + 1, word.ToString());
        }

        if (word.StartsWith("near", StringComparison.OrdinalIgnoreCase) && (word.Length == 4 || word[4] == '/'))
        {
            return LexNear(start, word);
        }

        return LexWord(start, end);
    }

    private static Lexeme LexNear(int start, ReadOnlySpan<char> word)
    {
        var digits = word.Length > 5 ? word[5..] : [];
        if (digits.IsEmpty || !IsAsciiDigits(digits) || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var distance)
            || distance < 1 || distance > MaxNearDistance)
        {
            throw new ParseFailure(start + 1, $"expected NEAR/n with n from 1 to {MaxNearDistance}, found '{word}' (to search for the word near, quote it: \"near\")");
        }

        return new Lexeme(LexemeKind.Near, start + 1, word.ToString()) { Number = distance };
    }

    private Lexeme LexWord(int start, int end)
    {
        var word = _text[start..end];
        var star = word.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0)
        {
            if (star != word.Length - 1)
            {
                throw new ParseFailure(start + star + 1, $"'*' may only end a word, as in 'semiconduct*'; found '{word}'");
            }

            var stem = TextTokenizer.Tokenize(word[..^1]);
            if (stem.Count > 1)
            {
                throw new ParseFailure(start + 1, $"a prefix belongs to one word, but '{word}' has {stem.Count} words");
            }

            if (stem.Count == 0 || stem[0].Length < MinPrefixLength)
            {
                throw new ParseFailure(start + 1, $"a prefix needs at least {MinPrefixLength} characters before '*'; found '{word}'");
            }

            return Term(new PrefixNode(stem[0], start + 1));
        }

        var tokens = TextTokenizer.Tokenize(word);
        return tokens.Count switch
        {
            0 => throw new ParseFailure(start + 1, $"'{word}' has no letters or digits to search for"),
            1 => Term(new WordNode(tokens[0], start + 1)),
            _ => Term(new PhraseNode(tokens, start + 1)),
        };
    }

    private Lexeme LexPhrase(int start)
    {
        var end = start + 1;
        while (end < _text.Length && !IsQuote(_text[end]))
        {
            end++;
        }

        if (end >= _text.Length)
        {
            throw new ParseFailure(_text.Length + 1, $"expected '\"' to close the phrase at column {start + 1}");
        }

        _pos = end + 1;
        var content = _text[(start + 1)..end];
        var star = content.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0)
        {
            throw new ParseFailure(start + 2 + star, "'*' is not allowed in a phrase: a prefix belongs to one word, outside quotes");
        }

        var tokens = TextTokenizer.Tokenize(content);
        return tokens.Count switch
        {
            0 => throw new ParseFailure(start + 1, "empty phrase: a phrase needs at least one word"),
            1 => Term(new WordNode(tokens[0], start + 1)),
            _ => Term(new PhraseNode(tokens, start + 1)),
        };
    }

    private Lexeme LexRegex(int start)
    {
        var pattern = new StringBuilder();
        var sourceIndex = new List<int>();
        var i = start + 1;
        while (i < _text.Length && _text[i] != '/')
        {
            if (_text[i] == '\\' && i + 1 < _text.Length)
            {
                if (_text[i + 1] == '/')
                {
                    pattern.Append('/');
                    sourceIndex.Add(i);
                }
                else
                {
                    pattern.Append(_text, i, 2);
                    sourceIndex.Add(i);
                    sourceIndex.Add(i + 1);
                }

                i += 2;
            }
            else
            {
                pattern.Append(_text[i]);
                sourceIndex.Add(i);
                i++;
            }
        }

        if (i >= _text.Length)
        {
            throw new ParseFailure(_text.Length + 1, $"expected '/' to close the regular expression at column {start + 1}");
        }

        if (pattern.Length == 0)
        {
            throw new ParseFailure(start + 1, "empty regular expression");
        }

        _pos = i + 1;
        if (_pos < _text.Length && !char.IsWhiteSpace(_text[_pos]) && _text[_pos] != ')')
        {
            throw new ParseFailure(_pos + 1, "expected a space or ')' after the closing '/': regular expressions take no flags");
        }

        var text = pattern.ToString();
        int ColumnOf(int index) => index >= 0 && index < sourceIndex.Count ? sourceIndex[index] + 1 : start + 1;

        // Bounded before the constructor runs: a huge count allocates gigabytes inside it.
        if (RegexLimits.Check(text) is { } tooCostly)
        {
            throw new ParseFailure(ColumnOf(tooCostly.Index), tooCostly.Message);
        }

        if (_deferRegexes)
        {
            return Term(new RegexNode(text, _regexMatchTimeout, start + 1));
        }

        Regex regex;
        try
        {
            regex = new Regex(text, RegexFlags, _regexMatchTimeout);
        }
        catch (RegexParseException e)
        {
            var column = e.Offset >= 0 && e.Offset < sourceIndex.Count ? sourceIndex[e.Offset] + 1 : i + 1;
            throw new ParseFailure(column, $"invalid regular expression: {e.Error}");
        }
        catch (NotSupportedException)
        {
            var (index, construct) = FindRefusedConstruct(text);
            throw new ParseFailure(ColumnOf(index), index >= 0
                ? $"the non-backtracking regex engine refuses {construct}"
                : "the non-backtracking regex engine refuses this regular expression: it is too large once its counts are multiplied out, or uses a construct that engine lacks (balancing groups)");
        }

        return Term(new RegexNode(text, regex, start + 1));
    }

    /// <summary>Finds the construct NonBacktracking refuses, to point the column at it.</summary>
    private static (int Index, string Construct) FindRefusedConstruct(string pattern)
    {
        for (var i = 0; i < pattern.Length - 1; i++)
        {
            var c = pattern[i];
            var n = pattern[i + 1];
            if (c == '\\')
            {
                if (n is >= '1' and <= '9' || n == 'k')
                {
                    return (i, "backreferences");
                }

                if (n == 'G')
                {
                    return (i, "the \\G anchor");
                }

                i++;
                continue;
            }

            if (c != '(' || n != '?' || i + 2 >= pattern.Length)
            {
                continue;
            }

            var rest = pattern.AsSpan(i + 2);
            if (rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!"))
            {
                return (i, "lookarounds");
            }

            if (rest.StartsWith(">"))
            {
                return (i, "atomic groups");
            }

            if (rest.StartsWith("("))
            {
                return (i, "conditionals");
            }
        }

        return (-1, "");
    }

    private Lexeme Term(RuleNode node)
    {
        if (++_terms > MaxTerms)
        {
            throw new ParseFailure(node.Column, $"too many terms: an expression has at most {MaxTerms}");
        }

        return new Lexeme(LexemeKind.Term, node.Column, node.ToString()) { Node = node };
    }

    private int EndOfWord(int start)
    {
        var end = start;
        while (end < _text.Length && !char.IsWhiteSpace(_text[end]) && _text[end] is not ('(' or ')') && !IsQuote(_text[end]))
        {
            end++;
        }

        return end;
    }

    private static bool IsQuote(char c) => c is '"' or '\u201C' or '\u201D';

    private static bool IsAsciiLetters(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Lexeme(LexemeKind Kind, int Column, string Text)
    {
        public RuleNode? Node { get; init; }

        public RuleField Field { get; init; }

        public int Number { get; init; }
    }

    private sealed class ParseFailure(int column, string message) : Exception(message)
    {
        public int Column { get; } = column;
    }
}
