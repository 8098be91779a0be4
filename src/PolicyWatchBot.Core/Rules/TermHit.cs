namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// One place where a term of a matching rule hit: the value (<see cref="Field"/>, and its index among that
/// field's values), the term as normalised (<c>entity list</c>, <c>semiconduct*</c>, <c>/pattern/</c>), and
/// where it is, so an alert can bold it.
/// </summary>
public sealed record TermHit(ItemField Field, int ValueIndex, string Term, int Position, int Length, HitUnit Unit = HitUnit.Tokens);
