using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// Where an alert's text shows the terms that matched: the one place that decides the marks, so Slack,
/// Discord and the console bold the same words and each only escapes its runs. A mark covers whole words
/// (a regex hit inside a word marks the word), overlapping marks merge.
/// </summary>
public static class MarkedText
{
    /// <summary>The summary hits of every matched rule, as marks on <see cref="AlertMessage.Summary"/>.</summary>
    public static IReadOnlyList<TextRun> Summary(AlertMessage alert, string shown)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return Runs(shown, alert.MatchedRules.SelectMany(r => r.Hits).Where(h => h.Field == ItemField.Summary).Select(h => (h.Start, h.Length)));
    }

    /// <summary>
    /// <paramref name="text"/> in runs, marked where a mark falls; marks past the end of the text (it was
    /// shortened for display) are left out, a mark cut by the end stops there.
    /// </summary>
    public static IReadOnlyList<TextRun> Runs(string text, IEnumerable<(int Start, int Length)> marks)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(marks);
        var marked = new bool[text.Length];
        foreach (var (start, length) in marks)
        {
            if (start < 0 || length <= 0 || start >= text.Length)
            {
                continue;
            }

            var (from, to) = (start, Math.Min(text.Length, start + length));
            while (from > 0 && char.IsLetterOrDigit(text[from - 1]))
            {
                from--;
            }

            while (to < text.Length && char.IsLetterOrDigit(text[to]))
            {
                to++;
            }

            Array.Fill(marked, true, from, to - from);
        }

        var runs = new List<TextRun>();
        for (var start = 0; start < text.Length;)
        {
            var end = start + 1;
            while (end < text.Length && marked[end] == marked[start])
            {
                end++;
            }

            runs.Add(new TextRun(text[start..end], marked[start]));
            start = end;
        }

        return runs;
    }
}
