using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// Reads a JSON array of scalars as text (<c>topics</c>, <c>corrections</c>). A value of another
/// shape (an object inside the array, an object instead of the array) is skipped rather than
/// failing the whole page: one odd document must not hide the others.
/// </summary>
internal sealed class JsonTextListConverter : JsonConverter<List<string?>?>
{
    public override bool HandleNull => true;

    public override List<string?>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var values = new List<string?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    values.Add(reader.GetString());
                    break;
                case JsonTokenType.Number:
                    values.Add(System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    break;
            }
        }

        return values;
    }

    public override void Write(Utf8JsonWriter writer, List<string?>? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
