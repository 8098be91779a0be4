namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>
/// A date a list gives for an entity (<c>effective</c>, <c>expires</c>, <c>born</c>, <c>listed</c>),
/// with its text as printed. <see cref="Value"/> is null when the text is not a whole date (a year alone,
/// or not a date at all, which is flagged); <see cref="Flag"/>
/// says why a date is doubtful (a typo such as year 3017 is kept as printed, and flagged).
/// </summary>
public sealed record EntityDate(string Kind, string Text, DateOnly? Value, string? Flag = null)
{
    public override string ToString() => Flag is null ? $"{Kind} {Text}" : $"{Kind} {Text} ({Flag})";
}
