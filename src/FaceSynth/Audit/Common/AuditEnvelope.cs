using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaceSynth.Embeddings;

namespace FaceSynth.Audit;

/// <summary>
/// The JSON envelope every audit writes (AUDIT.md 0.4): schema, audit name, toolkit version, creation time, seed,
/// inputs with SHA-256, parameters, thresholds, results and warnings. Non-finite numbers are written as null.
/// </summary>
public sealed class AuditEnvelope
{
    private readonly JsonArray _inputs = [];
    private readonly JsonArray _thresholds = [];
    private readonly JsonArray _warnings = [];

    /// <summary>Starts an envelope for <paramref name="audit"/> (e.g. "leakage").</summary>
    public AuditEnvelope(string audit, ulong seed)
    {
        Audit = audit;
        Seed = seed;
    }

    /// <summary>Audit name.</summary>
    public string Audit { get; }

    /// <summary>Seed recorded.</summary>
    public ulong Seed { get; }

    /// <summary>Options after defaults.</summary>
    public JsonObject Parameters { get; } = [];

    /// <summary>Audit-specific results.</summary>
    public JsonObject Results { get; } = [];

    /// <summary>Toolkit version from the assembly.</summary>
    public static string ToolkitVersion { get; } =
        typeof(AuditEnvelope).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Records an input file (hashed) with its role and shape; <paramref name="outDir"/> makes the path relative.</summary>
    public void AddInput(string role, string? file, int rows, int dim, string? model, string outDir)
    {
        var o = new JsonObject { ["role"] = role, ["rows"] = rows, ["dim"] = dim, ["model"] = model };
        if (file is not null && File.Exists(file))
        {
            o["file"] = Path.GetRelativePath(Path.GetFullPath(outDir), Path.GetFullPath(file)).Replace('\\', '/');
            using var s = File.OpenRead(file);
            o["sha256"] = Convert.ToHexStringLower(SHA256.HashData(s));
        }

        _inputs.Add(o);
    }

    /// <summary>Records a threshold.</summary>
    public void AddThreshold(FmrThreshold t)
    {
        ArgumentNullException.ThrowIfNull(t);
        _thresholds.Add(Threshold(t));
    }

    /// <summary>A threshold as a JSON object.</summary>
    public static JsonObject Threshold(FmrThreshold t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new JsonObject
        {
            ["fmr"] = Num(t.Fmr),
            ["tau"] = Num(t.Tau),
            ["achieved_fmr"] = Num(t.AchievedFmr),
            ["impostor_scores"] = t.ImpostorScores,
            ["resolved"] = t.Resolved,
            ["tmr"] = Num(t.Tmr),
            ["genuine_scores"] = t.GenuineScores,
        };
    }

    /// <summary>Adds warnings.</summary>
    public void AddWarnings(IEnumerable<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        foreach (var w in warnings)
        {
            _warnings.Add(w);
        }
    }

    /// <summary>A finite number, or null.</summary>
    public static JsonNode? Num(double x) => double.IsFinite(x) ? JsonValue.Create(x) : null;

    /// <summary>The envelope as indented JSON (keys in a fixed order).</summary>
    public string ToJson(DateTime? createdUtc = null)
    {
        var root = new JsonObject
        {
            ["schema"] = "facesynth.audit/1",
            ["audit"] = Audit,
            ["toolkit_version"] = ToolkitVersion,
            ["created_utc"] = (createdUtc ?? DateTime.UtcNow).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["seed"] = Seed,
            ["inputs"] = _inputs.DeepClone(),
            ["parameters"] = Parameters.DeepClone(),
            ["thresholds"] = _thresholds.DeepClone(),
            ["results"] = Results.DeepClone(),
            ["warnings"] = _warnings.DeepClone(),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes <c>&lt;audit&gt;.json</c> into <paramref name="outDir"/> atomically; returns the path.</summary>
    public string Write(string outDir)
    {
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, Audit + ".json");
        var bytes = Encoding.UTF8.GetBytes(ToJson() + "\n");
        AtomicFileWriter.Write(path, s => s.Write(bytes));
        return path;
    }

    /// <summary>Writes UTF-8 text atomically (CSV tables).</summary>
    public static void WriteText(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        AtomicFileWriter.Write(path, s => s.Write(bytes));
    }
}
