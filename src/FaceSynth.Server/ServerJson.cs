using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceSynth.Server;

/// <summary>JSON conventions of the API and of stored results: camelCase, named NaN/Infinity, enums as strings.</summary>
public static class ServerJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Served as application/json only, never embedded in HTML: keep quotes and '<' readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
