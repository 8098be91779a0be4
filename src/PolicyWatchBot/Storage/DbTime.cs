using System.Globalization;

namespace PolicyWatchBot.Storage;

/// <summary>
/// Instants are stored as fixed-width UTC ISO 8601 text, so text order is time order and SQL can
/// compare them directly.
/// </summary>
internal static class DbTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Write(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static object WriteOrNull(DateTimeOffset? instant) => instant is { } value ? Write(value) : DBNull.Value;

    public static DateTimeOffset Read(string text) =>
        new(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    public static DateTimeOffset? ReadOrNull(object value) => value is string text ? Read(text) : null;
}
