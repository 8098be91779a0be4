using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyWatchBot.Audit;

/// <summary>
/// JSON lines: one object per row, <c>{"id":…,"at":…,"channel":…,"channelName":…,"userId":…,"userName":…,"action":…,"before":…,"after":…}</c>,
/// a missing value as <c>null</c>, each line ended by LF.
/// </summary>
internal sealed class AuditJsonlWriter : IAuditRowWriter
{
    // Lines are read by people and scripts, not embedded in HTML: keep quotes and accents as they are.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;

    public AuditJsonlWriter() => _json = new Utf8JsonWriter(_buffer, Options);

    public void WriteHeader(TextWriter output)
    {
    }

    public void Dispose() => _json.Dispose();

    public void Write(AuditLogRow row, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(output);
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteNumber("id", row.Id);
        _json.WriteString("at", AuditTime.Format(row.At));
        _json.WriteString("channel", row.Channel?.ToString());
        _json.WriteString("channelName", row.ChannelName);
        _json.WriteString("userId", row.UserId);
        _json.WriteString("userName", row.UserName);
        _json.WriteString("action", row.Action);
        _json.WriteString("before", row.Before);
        _json.WriteString("after", row.After);
        _json.WriteEndObject();
        _json.Flush();
        output.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan) + "\n");
    }
}
