using System.Text.Json;
using System.Text.Json.Serialization;
using SshBot.Diagnostics.Observations;

namespace SshBot.Zones.Wire;

/// <summary>
/// An observation as the plain JSON value it holds: a string, a number, a boolean or an array of
/// strings. The four kinds are distinct in JSON, so the value reads back as it was.
/// </summary>
public sealed class ObservationValueConverter : JsonConverter<ObservationValue>
{
    public override ObservationValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return ObservationValue.Of(reader.GetString()!);
            case JsonTokenType.Number:
                return ObservationValue.Of(reader.GetDouble());
            case JsonTokenType.True:
            case JsonTokenType.False:
                return ObservationValue.Of(reader.GetBoolean());
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("An observation list holds strings only."));
                }

                return ObservationValue.Of(items);
            default:
                throw new JsonException($"An observation cannot be a JSON {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, ObservationValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case ObservationKind.Text:
                writer.WriteStringValue(value.Text);
                break;
            case ObservationKind.Number:
                writer.WriteNumberValue(value.Number);
                break;
            case ObservationKind.Flag:
                writer.WriteBooleanValue(value.Flag);
                break;
            default:
                writer.WriteStartArray();
                foreach (var item in value.Items)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
        }
    }
}
