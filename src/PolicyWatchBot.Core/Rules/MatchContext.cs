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
    private int[] _ruleStamp = [];
    private int _stamp;

    public TokenizedValue[] Values { get; private set; } = [];

    /// <summary>Offset of each value's first token in <see cref="TokenTerm"/>.</summary>
    public int[] ValueStart { get; private set; } = new int[16];

    /// <summary>The <see cref="FieldScope.Bit"/> of each value's field.</summary>
    public int[] ValueBit { get; private set; } = new int[16];

    /// <summary>The word term id of each token (flat over values), or -1.</summary>
    public int[] TokenTerm { get; private set; } = new int[1024];

    public int TouchedCount { get; private set; }

    public int OccurrenceCount { get; private set; }

    public int[] Candidates { get; private set; } = [];

    public List<MatchSpan> LeftSpans { get; } = [];

    public List<MatchSpan> RightSpans { get; } = [];

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

        if (_ruleStamp.Length < ruleCount)
        {
            _ruleStamp = new int[Math.Max(ruleCount, _ruleStamp.Length * 2)];
            Candidates = new int[_ruleStamp.Length];
            _stamp = 0;
        }

        var values = item.ValueArray;
        Values = values;
        if (ValueStart.Length < values.Length)
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

        TouchedCount = 0;
        OccurrenceCount = 0;
        Values = [];
        LeftSpans.Clear();
        RightSpans.Clear();
    }

    public void Record(int term, int value, int position, int fieldBit)
    {
        if (_head[term] < 0)
        {
            _touched[TouchedCount++] = term;
        }

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
        _termMask[term] |= fieldBit;
        OccurrenceCount = n + 1;
    }

    public int TouchedTerm(int index) => _touched[index];

    /// <summary>The fields (bits) in which the term occurs; 0 when it does not occur.</summary>
    public int TermMask(int term) => _termMask[term];

    public int FirstOccurrence(int term) => _head[term];

    public int NextOccurrence(int occurrence) => _occurrenceNext[occurrence];

    public int OccurrenceValue(int occurrence) => _occurrenceValue[occurrence];

    public int OccurrencePosition(int occurrence) => _occurrencePosition[occurrence];

    /// <summary>Starts a new candidate round; <see cref="MarkCandidate"/> is then true once per rule.</summary>
    public void NextRound()
    {
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_ruleStamp);
            _stamp = 1;
        }
    }

    public bool MarkCandidate(int rule)
    {
        if (_ruleStamp[rule] == _stamp)
        {
            return false;
        }

        _ruleStamp[rule] = _stamp;
        return true;
    }
}
