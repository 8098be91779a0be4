namespace PolicyWatchBot.Core.Rules;

/// <summary>Some span of the left leaves and some span of the right leaves are 1 to <c>distance</c> tokens apart in one value.</summary>
internal sealed class NearMatchNode(SpanMatchNode[] left, SpanMatchNode[] right, int distance) : MatchNode
{
    public override bool Evaluate(MatchContext context) => Pair(context, null);

    public override void CollectHits(MatchContext context, List<TermHit> hits) => Pair(context, hits);

    private bool Pair(MatchContext context, List<TermHit>? hits)
    {
        if (!AnyPresent(context, left) || !AnyPresent(context, right))
        {
            return false;
        }

        var a = context.LeftSpans;
        var b = context.RightSpans;
        a.Clear();
        b.Clear();
        foreach (var node in left)
        {
            node.AddSpans(context, a);
        }

        foreach (var node in right)
        {
            node.AddSpans(context, b);
        }

        var found = false;
        for (var i = 0; i < a.Count && (hits is not null || !found); i++)
        {
            var x = a[i];
            for (var j = 0; j < b.Count; j++)
            {
                var y = b[j];
                if (x.Value != y.Value || !Proximity.AreNear(x.Start, x.Length, y.Start, y.Length, distance))
                {
                    continue;
                }

                found = true;
                if (hits is null)
                {
                    break;
                }

                hits.Add(SpanMatchNode.ToHit(context, x));
                hits.Add(SpanMatchNode.ToHit(context, y));
            }
        }

        a.Clear();
        b.Clear();
        return found;
    }

    /// <summary>Cheap pre-check before collecting spans: some leaf occurs in scope.</summary>
    private static bool AnyPresent(MatchContext context, SpanMatchNode[] nodes)
    {
        foreach (var node in nodes)
        {
            if (node.Evaluate(context))
            {
                return true;
            }
        }

        return false;
    }
}
