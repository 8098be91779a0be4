namespace PolicyWatchBot.Core.Rules;

/// <summary>A leaf with token positions (word, prefix, phrase): it can be an operand of NEAR.</summary>
internal abstract class SpanMatchNode(int scope) : MatchNode
{
    /// <summary>The <see cref="FieldScope"/> mask of values this leaf searches.</summary>
    public int Scope { get; } = scope;

    public abstract void AddSpans(MatchContext context, List<MatchSpan> spans);
}
