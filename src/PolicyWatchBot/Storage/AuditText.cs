using System.Globalization;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Mutes;

namespace PolicyWatchBot.Storage;

/// <summary>How both stores word a setup change's audit row, before and after, so the log reads the same on either.</summary>
internal static class AuditText
{
    /// <summary><c>chips: semiconduct*</c>.</summary>
    public static string Rule(string name, string expression) => $"{name}: {expression}";

    /// <summary><c>chips: urgent</c> or <c>chips: not urgent</c>.</summary>
    public static string Urgency(string name, bool urgent) => $"{name}: {(urgent ? "urgent" : "not urgent")}";

    /// <summary><c>chips: nobody</c>, or who the rule's urgent alerts ping.</summary>
    public static string Notify(string name, Mention? mention) => $"{name}: {(mention is null ? "nobody" : MentionText.Describe(mention))}";

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>As the audit log shows a mute: <c>rule ai-chips until 2026-03-03 09:00Z</c>.</summary>
    public static string Mute(MuteTarget target, DateTimeOffset until) =>
        $"{target} until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z";
}
