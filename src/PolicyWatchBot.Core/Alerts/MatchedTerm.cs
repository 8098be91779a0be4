using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// One place where a rule's term hit, as the item spells it: the field and which of its values, the
/// first character and the length in that value's text, and the text there (<c>Semiconductors</c> for
/// <c>semiconduct*</c>, <c>3A090</c> for <c>/3A09\d/</c>). In an alert, a summary hit counts in the
/// alert's own (shortened) <see cref="AlertMessage.Summary"/>.
/// </summary>
public sealed record MatchedTerm(ItemField Field, int ValueIndex, int Start, int Length, string Text);
