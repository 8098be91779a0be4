using System.Text;

namespace PolicyWatchBot.Core.Watchlists;

/// <summary>
/// A watchlist as a CSV file (<c>watch import</c>, <c>policywatch watchlist import</c>): one entry a row,
/// columns name, aliases (separated by <c>;</c> or <c>|</c>), country (two letters); the last two may be
/// empty or absent. A first row whose first cell is <c>name</c> is a header. RFC 4180 quoting (a
/// comma inside <c>"..."</c>, <c>""</c> for a quote), CRLF or LF, a UTF-8 byte-order mark. Pure: a row
/// that is not an entry makes the whole file refused with its line number, so an import is all or nothing.
/// </summary>
public static class WatchlistCsv
{
    public const int MaxBytes = 2 * 1024 * 1024;
    private const int MaxErrorsShown = 3;

    public static WatchlistCsvResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            return WatchlistCsvResult.Failure($"the file is larger than {MaxBytes / 1024 / 1024} MiB");
        }

        var entries = new List<WatchlistEntry>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        var rows = Rows(text.TrimStart('\uFEFF')).ToList();
        foreach (var (line, cells) in rows)
        {
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (entries.Count == 0 && errors.Count == 0 && line == rows[0].Line && cells[0].Trim().Equals("name", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (cells.Count > 3)
            {
                errors.Add($"line {line}: {cells.Count} columns; the columns are name, aliases, country");
                continue;
            }

            var aliases = cells.Count > 1 ? cells[1].Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            var (entry, error) = WatchlistLimits.Entry(cells[0], aliases, cells.Count > 2 ? cells[2] : null);
            if (entry is null)
            {
                errors.Add($"line {line}: {error}");
            }
            else if (names.TryGetValue(entry.Name, out var first))
            {
                errors.Add($"line {line}: '{entry.Name}' is already on line {first}");
            }
            else
            {
                names[entry.Name] = line;
                entries.Add(entry);
            }
        }

        if (errors.Count > 0)
        {
            var shown = string.Join("; ", errors.Take(MaxErrorsShown));
            return WatchlistCsvResult.Failure(errors.Count > MaxErrorsShown ? $"{shown}; and {errors.Count - MaxErrorsShown} more rows" : shown);
        }

        if (entries.Count == 0)
        {
            return WatchlistCsvResult.Failure("the file has no entries; each row is name,aliases,country");
        }

        return entries.Count > WatchlistLimits.MaxEntries
            ? WatchlistCsvResult.Failure($"the file has {entries.Count:N0} entries; a channel's watchlist holds at most {WatchlistLimits.MaxEntries:N0}")
            : WatchlistCsvResult.Success(entries);
    }

    /// <summary>The rows with the line each starts on; a quoted cell may span lines.</summary>
    private static IEnumerable<(int Line, List<string> Cells)> Rows(string text)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var rowLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c is '\r' or '\n' ? ' ' : c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.ToString().Trim().Length == 0:
                    cell.Clear();
                    quoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    yield return (rowLine, cells);
                    cells = [];
                    rowLine = ++line;
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            yield return (rowLine, cells);
        }
    }
}
