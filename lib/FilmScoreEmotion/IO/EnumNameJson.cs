using System.Text.Json;
using System.Text.Json.Serialization;

namespace FilmScoreEmotion.IO;

/// <summary>An enum in a JSON file as its name (<paramref name="name"/>, one of <see cref="EnumNames"/>' styles), the
/// word the command line uses; an unknown word is a <see cref="JsonException"/> that lists the names there are.</summary>
public sealed class EnumNameJson<T>(Func<T, string> name, string what) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return EnumNames.TryParse(text, name) ?? throw new JsonException($"unknown {what} '{text ?? reader.TokenType.ToString()}': use {EnumNames.Joined(name)}");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(name(value));
}
