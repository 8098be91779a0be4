using System.Globalization;

namespace PolicyWatchBot.Audit;

/// <summary>Instants in an export: ISO 8601 in UTC with a <c>Z</c>, fixed width, so text order is time order.</summary>
internal static class AuditTime
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
