using System.Globalization;
using System.Text;

namespace PolicyWatchBot.Audit;

/// <summary>
/// RFC 4180 CSV: a header line, CRLF line ends, and a field quoted when it holds a comma, a double
/// quote, a CR or an LF, its quotes doubled. A missing value (no channel, no before) is an empty field.
/// </summary>
internal sealed class AuditCsvWriter : IAuditRowWriter
{
    public const string Header = "id,at,channel,channel_name,user_id,user_name,action,before,after";

    private const string LineEnd = "\r\n";

    private readonly StringBuilder _line = new();

    public void WriteHeader(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Header + LineEnd);
    }

    public void Write(AuditLogRow row, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(output);
        _line.Clear();
        _line.Append(row.Id.ToString(CultureInfo.InvariantCulture)).Append(',');
        _line.Append(AuditTime.Format(row.At)).Append(',');
        Field(row.Channel?.ToString()).Append(',');
        Field(row.ChannelName).Append(',');
        Field(row.UserId).Append(',');
        Field(row.UserName).Append(',');
        Field(row.Action).Append(',');
        Field(row.Before).Append(',');
        Field(row.After).Append(LineEnd);
        output.Write(_line);
    }

    private StringBuilder Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return _line;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return _line.Append(value);
        }

        return _line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public void Dispose()
    {
    }
}
