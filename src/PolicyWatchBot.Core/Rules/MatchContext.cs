namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// Per-thread scratch of <see cref="RuleSet.Match(TokenizedItem)"/>: where each term of the rule set occurs in
/// the current item (linked lists over flat arrays), the term id of each token, and the candidate rules.
/// Arrays grow and are reused across items and rule sets; only touched entries are reset.
/// </summary>
internal sealed class MatchContext
{
    [ThreadStatic]
    private static MatchContext? t_current;

    private int[] _head = [];
    private int[] _termMask = [];
    private int[] _touched = [];
    private int[] _occurrenceNext = new int[256];
    private int[] _occurrenceValue = new int[256];
    private int[] _occurrencePosition = new int[256];
    private ulong[] _decidedRules = [];
    private ulong[] _matchedRules = [];
    private int _ruleWords;

    public TokenizedValue[] Values { get; private set; } = [];

    /// <summary>Offset of each value's first token in <see cref="TokenTerm"/>, and after the last value the token count.</summary>
    public int[] ValueStart { get; private set; } = new int[16];

    /// <summary>The <see cref="FieldScope.Bit"/> of each value's field.</summary>
    public int[] ValueBit { get; private set; } = new int[16];

    /// <summary>The word term id of each token (flat over values), or -1.</summary>
    public int[] TokenTerm { get; private set; } = new int[1024];

    public int TouchedCount { get; private set; }

    /// <summary>How many rules were decided for the current item.</summary>
    public int Decisions { get; set; }

    public int OccurrenceCount { get; private set; }

    /// <summary>One bit per rule of the rule set: the rules already decided for the current item.</summary>
    public ulong[] DecidedRules => _decidedRules;

    /// <summary>One bit per rule of the rule set: the rules that match the current item.</summary>
    public ulong[] MatchedRules => _matchedRules;

    /// <summary>Per term id, the fields (bits) in which it occurs in the current item; 0 when it does not occur.</summary>
    public int[] TermMasks => _termMask;

    public List<MatchSpan> LeftSpans { get; } = [];

    public List<MatchSpan> RightSpans { get; } = [];

    /// <summary>The rules whose regular expression timed out on the current item.</summary>
    public List<int> TimedOutRules { get; } = [];

    public static MatchContext Rent()
    {
        var context = t_current ?? new MatchContext();
        t_current = null;
        return context;
    }

    public static void Return(MatchContext context) => t_current = context;

    public void Begin(TokenizedItem item, int termCount, int ruleCount)
    {
        if (_head.Length < termCount)
        {
            var size = Math.Max(termCount, _head.Length * 2);
            _head = new int[size];
            Array.Fill(_head, -1);
            _termMask = new int[size];
            _touched = new int[size];
        }

        _ruleWords = (ruleCount + 63) >> 6;
        if (_decidedRules.Length < _ruleWords)
        {
            _decidedRules = new ulong[Math.Max(_ruleWords, _decidedRules.Length * 2)];
            _matchedRules = new ulong[_decidedRules.Length];
        }

        var values = item.ValueArray;
        Values = values;
        if (ValueStart.Length <= values.Length)
        {
            ValueStart = new int[values.Length * 2];
            ValueBit = new int[values.Length * 2];
        }

        var total = 0;
        for (var v = 0; v < values.Length; v++)
        {
            ValueStart[v] = total;
            ValueBit[v] = FieldScope.Bit(values[v].Field);
            total += values[v].TokenArray.Length;
        }

        ValueStart[values.Length] = total;

        if (TokenTerm.Length < total)
        {
            TokenTerm = new int[Math.Max(total, TokenTerm.Length * 2)];
        }
    }

    public void End()
    {
        for (var i = 0; i < TouchedCount; i++)
        {
            var term = _touched[i];
            _head[term] = -1;
            _termMask[term] = 0;
        }

        Array.Clear(_decidedRules, 0, _ruleWords);
        Array.Clear(_matchedRules, 0, _ruleWords);
        TouchedCount = 0;
        OccurrenceCount = 0;
        Decisions = 0;
        Values = [];
        LeftSpans.Clear();
        RightSpans.Clear();
        TimedOutRules.Clear();
    }

    public void NoteTimedOut(int rule)
    {
        if (!TimedOutRules.Contains(rule))
        {
            TimedOutRules.Add(rule);
        }
    }

    public bool HasTimedOut(int rule) => TimedOutRules.Count > 0 && TimedOutRules.Contains(rule);

    /// <summary>Notes that a term occurs in a field, for a term whose positions no rule needs.</summary>
    public void Touch(int term, int fieldBit)
    {
        if (_termMask[term] == 0)
        {
            _touched[TouchedCount++] = term;
        }

        _termMask[term] |= fieldBit;
    }

    /// <summary>Notes that a term occurs in a field, and where.</summary>
    public void Record(int term, int value, int position, int fieldBit)
    {
        Touch(term, fieldBit);
        var n = OccurrenceCount;
        if (n == _occurrenceNext.Length)
        {
            Array.Resize(ref _occurrenceNext, n * 2);
            Array.Resize(ref _occurrenceValue, n * 2);
            Array.Resize(ref _occurrencePosition, n * 2);
        }

        _occurrenceNext[n] = _head[term];
        _occurrenceValue[n] = value;
        _occurrencePosition[n] = position;
        _head[term] = n;
        OccurrenceCount = n + 1;
    }

    public int TouchedTerm(int index) => _touched[index];

    /// <summary>Whether the words <paramref name="termIds"/> occur one after the other in a value in <paramref name="scope"/>.</summary>
    public bool HasPhrase(ReadOnlySpan<int> termIds, int scope)
    {
        foreach (var id in termIds)
        {
            if ((_termMask[id] & scope) == 0)
            {
                return false;
            }
        }

        var tokenTerm = TokenTerm;
        var valueStart = ValueStart;
        for (var o = _head[termIds[0]]; o >= 0; o = _occurrenceNext[o])
        {
            var value = _occurrenceValue[o];
            var start = valueStart[value] + _occurrencePosition[o];
            if ((ValueBit[value] & scope) == 0 || start + termIds.Length > valueStart[value + 1])
            {
                continue;
            }

            var i = 1;
            while (i < termIds.Length && tokenTerm[start + i] == termIds[i])
            {
                i++;
            }

            if (i == termIds.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The fields (bits) in which the term occurs; 0 when it does not occur.</summary>
    public int TermMask(int term) => _termMask[term];

    public int FirstOccurrence(int term) => _head[term];

    public int NextOccurrence(int occurrence) => _occurrenceNext[occurrence];

    public int OccurrenceValue(int occurrence) => _occurrenceValue[occurrence];

    public int OccurrencePosition(int occurrence) => _occurrencePosition[occurrence];
}
