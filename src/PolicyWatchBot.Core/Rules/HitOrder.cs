namespace PolicyWatchBot.Core.Rules;

/// <summary>The order of <see cref="RuleMatch.Hits"/>: by field, value, position, then term; duplicates removed.</summary>
internal sealed class HitOrder : IComparer<TermHit>
{
    public static readonly HitOrder Instance = new();

    public static TermHit[] SortDistinct(List<TermHit> hits)
    {
        hits.Sort(Instance);
        var count = 0;
        for (var i = 0; i < hits.Count; i++)
        {
            if (count == 0 || !hits[i].Equals(hits[count - 1]))
            {
                hits[count++] = hits[i];
            }
        }

        var result = new TermHit[count];
        hits.CopyTo(0, result, 0, count);
        return result;
    }

    public int Compare(TermHit? x, TermHit? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var c = x.Field.CompareTo(y.Field);
        if (c == 0)
        {
            c = x.ValueIndex.CompareTo(y.ValueIndex);
        }

        if (c == 0)
        {
            c = x.Unit.CompareTo(y.Unit);
        }

        if (c == 0)
        {
            c = x.Position.CompareTo(y.Position);
        }

        if (c == 0)
        {
            c = x.Length.CompareTo(y.Length);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Term, y.Term);
    }
}
