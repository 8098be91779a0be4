namespace PolicyWatchBot.Core.Items;

/// <summary>
/// The canonical identity of an item, shared across feeds: <c>fr:2024-00273</c> for a Federal
/// Register document however it arrives, <c>arxiv:1609.06753</c>, <c>govuk:/government/news/x</c>,
/// else the source's native id or canonical link. Never the title.
/// </summary>
public readonly record struct ItemKey(string Value)
{
    public static ItemKey FederalRegister(string documentNumber) => new("fr:" + documentNumber);

    public override string ToString() => Value;
}
