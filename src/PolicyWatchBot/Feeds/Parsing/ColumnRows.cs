using System.Text.Json;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Turns an object of parallel arrays (<c>{"form": ["10-K", "8-K"], "filingDate": [...]}</c>) into an
/// array of row objects (<c>[{"form": "10-K", ...}, {"form": "8-K", ...}]</c>), so the same paths map
/// both shapes. A shorter column leaves its member out of the later rows; members that are not
/// arrays are left out.
/// </summary>
internal static class ColumnRows
{
    /// <summary>The rows, or null when the value is not an object holding at least one array.</summary>
    public static JsonDocument? Of(JsonElement columns)
    {
        if (columns.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var arrays = columns.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).ToList();
        if (arrays.Count == 0)
        {
            return null;
        }

        var count = arrays.Max(a => a.Value.GetArrayLength());
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var row = 0; row < count; row++)
            {
                writer.WriteStartObject();
                foreach (var column in arrays)
                {
                    if (row < column.Value.GetArrayLength())
                    {
                        writer.WritePropertyName(column.Name);
                        column.Value[row].WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
