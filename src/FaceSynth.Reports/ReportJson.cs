using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceSynth.Reports;

/// <summary>
/// FaceSynth's JSON conventions for results: snake_case property names, numbers as JSON numbers with
/// full double precision (shortest round-trip form, "R"), NaN and infinities written as <c>null</c>,
/// enums as snake_case strings, indented. Files are written atomically.
/// </summary>
public static class ReportJson
{
    /// <summary>The serializer options implementing the conventions (shared, read-only).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes <paramref name="value"/> with <see cref="Options"/>.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Writes <paramref name="value"/> as JSON to <paramref name="path"/> (temporary file, then move).</summary>
    public static void WriteFile<T>(string path, T value) =>
        AtomicFile.WriteAllText(path, Serialize(value) + "\n");

    // "R" writes exponents as 1E-06; JSON accepts that, but lower case is what other tools print.
    private static string RoundTrip(string r) => r.Replace('E', 'e');

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
        };
        o.Converters.Add(new RoundTripDoubleConverter());
        o.Converters.Add(new RoundTripSingleConverter());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>Writes finite doubles in round-trip form and non-finite ones as <c>null</c>.</summary>
    private sealed class RoundTripDoubleConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteRawValue(RoundTrip(value.ToString("R", CultureInfo.InvariantCulture)), skipInputValidation: true);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    /// <summary>Single-precision counterpart of <see cref="RoundTripDoubleConverter"/>.</summary>
    private sealed class RoundTripSingleConverter : JsonConverter<float>
    {
        public override bool HandleNull => true;

        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? float.NaN : reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (float.IsFinite(value))
            {
                writer.WriteRawValue(RoundTrip(value.ToString("R", CultureInfo.InvariantCulture)), skipInputValidation: true);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
