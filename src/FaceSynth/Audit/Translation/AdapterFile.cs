using System.Text.Json;
using System.Text.Json.Nodes;
using FaceSynth.Embeddings;

namespace FaceSynth.Audit.Translation;

/// <summary>Saves and loads adapters: <c>adapter.json</c> (facesynth.adapter/1) and <c>weights.npz</c> (AUDIT.md 3.5).</summary>
public static class AdapterFile
{
    /// <summary>Schema id of adapter.json.</summary>
    public const string Schema = "facesynth.adapter/1";

    /// <summary>Writes the adapter of <paramref name="fit"/> into <paramref name="dir"/>; <paramref name="extra"/> is merged into adapter.json.</summary>
    public static void Save(string dir, AdapterFit fit, bool normalizeInput, JsonObject? extra = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        Directory.CreateDirectory(dir);
        var t = fit.Translator;
        var arrays = new List<KeyValuePair<string, NpyArray>>();
        switch (t)
        {
            case LinearTranslator l:
                arrays.Add(new("W", NpyArray.FromFloats(l.W, l.InputDim, l.OutputDim)));
                arrays.Add(new("b", NpyArray.FromFloats(l.B, l.OutputDim)));
                break;
            case MlpTranslator m:
                arrays.Add(new("W", NpyArray.FromFloats(m.W0, m.InputDim, m.OutputDim)));
                arrays.Add(new("b", NpyArray.FromFloats(m.B0, m.OutputDim)));
                arrays.Add(new("W1", NpyArray.FromFloats(m.W1, m.InputDim, m.Hidden)));
                arrays.Add(new("b1", NpyArray.FromFloats(m.B1, m.Hidden)));
                arrays.Add(new("W2", NpyArray.FromFloats(m.W2, m.Hidden, m.OutputDim)));
                arrays.Add(new("b2", NpyArray.FromFloats(m.B2, m.OutputDim)));
                break;
            default:
                throw new ArgumentException($"cannot save a {t.GetType().Name}");
        }

        Npz.Write(Path.Combine(dir, "weights.npz"), arrays);
        var json = new JsonObject
        {
            ["schema"] = Schema,
            ["kind"] = fit.Kind.ToString().ToLowerInvariant(),
            ["source_model"] = t.SourceModel,
            ["target_model"] = t.TargetModel,
            ["input_dim"] = t.InputDim,
            ["output_dim"] = t.OutputDim,
            ["normalize_input"] = normalizeInput,
            ["normalize_output"] = true,
            ["lambda"] = AuditEnvelope.Num(fit.Lambda),
            ["lambda_rel"] = AuditEnvelope.Num(fit.LambdaRel),
            ["training"] = new JsonObject
            {
                ["train_rows"] = fit.TrainRows.Length,
                ["validation_rows"] = fit.ValidationRows.Length,
                ["test_rows"] = fit.TestRows.Length,
                ["validation_mean_cosine"] = AuditEnvelope.Num(fit.ValidationMeanCosine),
                ["epochs"] = fit.Epochs,
                ["best_epoch"] = fit.BestEpoch,
            },
        };
        if (extra is not null)
        {
            foreach (var kv in extra)
            {
                json[kv.Key] = kv.Value?.DeepClone();
            }
        }

        AuditEnvelope.WriteText(Path.Combine(dir, "adapter.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Loads an adapter folder (or its adapter.json); returns the translator and whether inputs are normalised.</summary>
    public static (IEmbeddingTranslator Translator, bool NormalizeInput) Load(string path)
    {
        string dir = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        string jsonPath = Path.Combine(dir, "adapter.json");
        if (!File.Exists(jsonPath))
        {
            throw new FaceSynthDataException(jsonPath, "adapter.json not found (expected the folder written by 'facesynth audit adapter fit')");
        }

        JsonObject meta;
        try
        {
            meta = JsonNode.Parse(File.ReadAllText(jsonPath)) as JsonObject ?? throw new FaceSynthDataException(jsonPath, "not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FaceSynthDataException(jsonPath, $"invalid JSON: {e.Message}", e);
        }

        if ((string?)meta["schema"] != Schema)
        {
            throw new FaceSynthDataException(jsonPath, $"schema '{meta["schema"]}' is not {Schema}");
        }

        string kind = (string?)meta["kind"] ?? "";
        int p = (int?)meta["input_dim"] ?? 0, q = (int?)meta["output_dim"] ?? 0;
        string src = (string?)meta["source_model"] ?? "", tgt = (string?)meta["target_model"] ?? "";
        bool norm = (bool?)meta["normalize_input"] ?? true;
        var npz = Path.Combine(dir, "weights.npz");
        float[] Arr(string name, long expected)
        {
            var a = Npz.ReadArray(npz, name).ToFloats();
            if (a.Length != expected)
            {
                throw new FaceSynthDataException(npz, $"array '{name}' has {a.Length} values, adapter.json implies {expected}");
            }

            return a;
        }

        if (p <= 0 || q <= 0)
        {
            throw new FaceSynthDataException(jsonPath, "input_dim and output_dim must be positive");
        }

        var w = Arr("W", (long)p * q);
        var b = Arr("b", q);
        if (kind is "linear" or "procrustes")
        {
            return (new LinearTranslator(w, b, p, q, src, tgt), norm);
        }

        if (kind == "mlp")
        {
            var b1 = Npz.ReadArray(npz, "b1").ToFloats();
            int h = b1.Length;
            return (new MlpTranslator(w, b, Arr("W1", (long)p * h), b1, Arr("W2", (long)h * q), Arr("b2", q), p, h, q, src, tgt), norm);
        }

        throw new FaceSynthDataException(jsonPath, $"unknown adapter kind '{kind}' (linear, procrustes or mlp)");
    }

    /// <summary>Translates every row of <paramref name="source"/> and L2-normalises the outputs.</summary>
    public static EmbeddingMatrix Apply(IEmbeddingTranslator translator, EmbeddingMatrix source, bool normalizeInput)
    {
        ArgumentNullException.ThrowIfNull(translator);
        ArgumentNullException.ThrowIfNull(source);
        if (source.Dim != translator.InputDim)
        {
            throw new FaceSynthDataException("source embeddings", $"dimension {source.Dim} does not match the adapter's input_dim {translator.InputDim}");
        }

        var x = source.Clone();
        AuditInputs.CheckRows(x, "source embeddings", normalizeInput);
        var y = new EmbeddingMatrix(x.Rows, translator.OutputDim);
        translator.Translate(x.Data, y.Data, x.Rows);
        y.NormalizeRows();
        return y;
    }
}
