namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// Shortens the two sides of a long changed value around where they first differ, so a reader sees
/// what changed rather than the same opening twice.
/// </summary>
public static class ChangeExcerpt
{
    public const int DefaultMaxLength = 300;
    private const int ContextBefore = 60;

    public static (string? Old, string? New) Of(string? old, string? current, int maxLength = DefaultMaxLength)
    {
        if ((old?.Length ?? 0) <= maxLength && (current?.Length ?? 0) <= maxLength)
        {
            return (old, current);
        }

        var firstDifference = CommonPrefixLength(old ?? "", current ?? "");
        var start = Math.Max(0, firstDifference - ContextBefore);

        // Start at a word, not in the middle of one.
        var reference = old ?? current ?? "";
        if (start > 0 && start < reference.Length)
        {
            var space = reference.LastIndexOf(' ', start);
            start = space > 0 ? space + 1 : 0;
        }

        return (Window(old, start, maxLength), Window(current, start, maxLength));
    }

    private static string? Window(string? value, int start, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        var from = Math.Min(start, value.Length);
        var text = value[from..];
        var prefix = from > 0 ? "…" : "";
        if (text.Length + prefix.Length <= maxLength)
        {
            return prefix + text;
        }

        var cut = text[..(maxLength - prefix.Length - 1)];
        var space = cut.LastIndexOf(' ');
        return prefix + (space > cut.Length / 2 ? cut[..space] : cut) + "…";
    }

    private static int CommonPrefixLength(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < length && a[i] == b[i])
        {
            i++;
        }

        return i;
    }
}
