namespace PolicyWatchBot.Core.Rules;

/// <summary>Some span of the left leaves and some span of the right leaves are 1 to <c>distance</c> tokens apart in one value.</summary>
internal sealed class NearMatchNode(SpanMatchNode[] left, SpanMatchNode[] right, int distance) : MatchNode
{
    public override bool Evaluate(MatchContext context)
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
        for (var i = 0; i < a.Count && !found; i++)
        {
            var x = a[i];
            for (var j = 0; j < b.Count; j++)
            {
                var y = b[j];
                if (x.Value == y.Value && Proximity.AreNear(x.Start, x.Length, y.Start, y.Length, distance))
                {
                    found = true;
                    break;
                }
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
