using System.Globalization;

namespace PolicyWatchBot.Core.Reminders;

/// <summary>
/// When a channel is reminded of one kind of deadline: so many calendar days before it (0 = on the
/// day), and whether acknowledged alerts are skipped (<c>--unacked</c>). Written as commands spell it:
/// <c>14d,3d</c>, <c>1d --unacked</c>, <c>off</c>.
/// </summary>
public sealed class RemindPlan : IEquatable<RemindPlan>
{
    public const int MaxDaysBefore = 90;
    public const int MaxReminders = 5;
    public const string UnackedFlag = "--unacked";

    public RemindPlan(IEnumerable<int> daysBefore, bool unackedOnly)
    {
        ArgumentNullException.ThrowIfNull(daysBefore);
        DaysBefore = [.. daysBefore.Distinct().OrderDescending()];
        UnackedOnly = unackedOnly && DaysBefore.Count > 0;
    }

    public static RemindPlan Off { get; } = new([], false);

    /// <summary>Comments: 7 days and 1 day before they close.</summary>
    public static RemindPlan DefaultComments { get; } = new([7, 1], false);

    /// <summary>Effective: 1 day before.</summary>
    public static RemindPlan DefaultEffective { get; } = new([1], false);

    /// <summary>Days before the deadline, the earliest reminder first.</summary>
    public IReadOnlyList<int> DaysBefore { get; }

    /// <summary>Reminders of an action someone acknowledged are skipped.</summary>
    public bool UnackedOnly { get; }

    public bool IsOff => DaysBefore.Count == 0;

    public static RemindPlan Default(Deadline deadline) => deadline == Deadline.CommentsClose ? DefaultComments : DefaultEffective;

    /// <summary>"14d,3d --unacked", or "off".</summary>
    public override string ToString() =>
        IsOff ? "off" : string.Join(',', DaysBefore.Select(d => d.ToString(CultureInfo.InvariantCulture) + "d")) + (UnackedOnly ? " " + UnackedFlag : "");

    /// <summary>"14 days and 3 days before (unacknowledged only)", or "off".</summary>
    public string Describe() =>
        IsOff ? "off" : string.Join(" and ", DaysBefore.Select(Days)) + " before" + (UnackedOnly ? ", unless acknowledged" : "");

    /// <summary>A plan as <see cref="ToString"/> writes it; null when the text is not one.</summary>
    public static RemindPlan? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is ["off"])
        {
            return Off;
        }

        var unacked = words.Length == 2 && words[1] == UnackedFlag;
        if (words.Length == 0 || (words.Length == 2 && !unacked) || words.Length > 2)
        {
            return null;
        }

        var days = new List<int>();
        foreach (var part in words[0].Split(','))
        {
            if (ParseDays(part) is not { } day)
            {
                return null;
            }

            days.Add(day);
        }

        return new RemindPlan(days, unacked);
    }

    /// <summary><c>Nd</c> with N from 0 to <see cref="MaxDaysBefore"/>; null for anything else.</summary>
    public static int? ParseDays(string typed)
    {
        var text = typed.Trim();
        if (text.Length < 2 || text.Length > 3 || char.ToLowerInvariant(text[^1]) != 'd'
            || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            || days > MaxDaysBefore)
        {
            return null;
        }

        return days;
    }

    public bool Equals(RemindPlan? other) => other is not null && ToString() == other.ToString();

    public override bool Equals(object? obj) => Equals(obj as RemindPlan);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    public static bool operator ==(RemindPlan? left, RemindPlan? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(RemindPlan? left, RemindPlan? right) => !(left == right);

    private static string Days(int days) => days switch
    {
        0 => "on the day",
        1 => "1 day",
        _ => string.Create(CultureInfo.InvariantCulture, $"{days} days"),
    };
}
