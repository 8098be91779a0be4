using System.Text;

namespace PolicyWatchBot.Feeds.Lists;

/// <summary>
/// Reads comma- or tab-separated rows as the lists publish them: fields optionally double-quoted
/// (<c>""</c> inside quotes is one quote, a quoted field may hold line breaks), CRLF or LF line ends,
/// blank lines skipped. Fields are trimmed.
/// </summary>
internal static class DelimitedRows
{
    public static IEnumerable<string[]> Read(string text, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var rowHasText = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
                rowHasText = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
                rowHasText = true;
            }
            else if (c is '\r' or '\n')
            {
                if (rowHasText || field.ToString().Trim().Length > 0)
                {
                    fields.Add(field.ToString().Trim());
                    yield return [.. fields];
                }

                fields.Clear();
                field.Clear();
                rowHasText = false;
            }
            else
            {
                field.Append(c);
            }
        }

        if (rowHasText || field.ToString().Trim().Length > 0)
        {
            fields.Add(field.ToString().Trim());
            yield return [.. fields];
        }
    }
}
