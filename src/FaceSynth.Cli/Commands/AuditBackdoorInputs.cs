using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Vision.Embedding;

namespace FaceSynth.Cli.Commands;

/// <summary>The file options of <c>audit backdoor</c> as given (null = absent).</summary>
internal sealed record BackdoorFiles(
    string? ProbeFit,
    string? ReferenceFit,
    string? ProbeEval,
    string? ReferenceEval,
    string? Labels,
    string? ProbeModel,
    string? ReferenceModel,
    string? Fit,
    string? Eval);

/// <summary>
/// The four embedding sets of <c>audit backdoor</c> (probe/reference x fit/eval) and the eval labels, read from
/// embedding files (the embedding form) or computed by two ONNX models from image lists (the model form, AUDIT.md 7).
/// </summary>
internal sealed class AuditBackdoorInputs
{
    private const string EmbeddingForm = "--probe-fit, --reference-fit, --probe-eval, --reference-eval [--labels]";
    private const string ModelForm = "--probe-model, --reference-model, --fit, --eval";

    private AuditBackdoorInputs(AuditSet probeFit, AuditSet referenceFit, EmbeddingMatrix probeEval, EmbeddingMatrix referenceEval, bool[]? triggered)
    {
        ProbeFit = probeFit;
        ReferenceFit = referenceFit;
        ProbeEval = probeEval;
        ReferenceEval = referenceEval;
        Triggered = triggered;
    }

    public AuditSet ProbeFit { get; }

    public AuditSet ReferenceFit { get; }

    public EmbeddingMatrix ProbeEval { get; }

    public EmbeddingMatrix ReferenceEval { get; }

    /// <summary>Triggered (true) or clean per eval input, or null when unlabelled.</summary>
    public bool[]? Triggered { get; }

    private BackdoorFiles Files { get; init; } = null!;

    private ImageListCsv? EvalList { get; init; }

    private (PixelNormalization Norm, string Source)[] Normalizations { get; init; } = [];

    /// <summary>True for the model form; a mix of both forms or a form with pieces missing is a usage error.</summary>
    public static bool IsModelForm(BackdoorFiles f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var embedding = new (string Name, string? Value)[] { ("--probe-fit", f.ProbeFit), ("--reference-fit", f.ReferenceFit), ("--probe-eval", f.ProbeEval), ("--reference-eval", f.ReferenceEval) };
        var model = new (string Name, string? Value)[] { ("--probe-model", f.ProbeModel), ("--reference-model", f.ReferenceModel), ("--fit", f.Fit), ("--eval", f.Eval) };
        var givenEmbedding = embedding.Where(o => o.Value is not null).Select(o => o.Name).ToList();
        var givenModel = model.Where(o => o.Value is not null).Select(o => o.Name).ToList();
        if (givenEmbedding.Count > 0 && givenModel.Count > 0)
        {
            throw new CliUsageException($"give either the embedding form ({EmbeddingForm}) or the model form ({ModelForm}), not both (found {string.Join(", ", givenEmbedding.Concat(givenModel))})");
        }

        if (givenModel.Count > 0)
        {
            if (f.Labels is not null)
            {
                throw new CliUsageException("--labels belongs to the embedding form; with --eval put the 'triggered' column (0/1) into the eval CSV");
            }

            var missing = model.Where(o => o.Value is null).Select(o => o.Name).ToList();
            if (missing.Count > 0)
            {
                throw new CliUsageException($"the model form ({ModelForm}) also needs {string.Join(", ", missing)}");
            }

            return true;
        }

        var missingEmbedding = embedding.Where(o => o.Value is null).Select(o => o.Name).ToList();
        if (givenEmbedding.Count == 0)
        {
            throw new CliUsageException($"give the embedding form ({EmbeddingForm}) or the model form ({ModelForm})");
        }

        if (missingEmbedding.Count > 0)
        {
            throw new CliUsageException($"the embedding form ({EmbeddingForm}) also needs {string.Join(", ", missingEmbedding)}");
        }

        return false;
    }

    /// <summary>Reads the embedding form's files.</summary>
    public static AuditBackdoorInputs FromEmbeddings(BackdoorFiles f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var pf = AuditSet.Load(f.ProbeFit!);
        var rf = AuditSet.Load(f.ReferenceFit!);
        var pe = Npy.ReadMatrix(f.ProbeEval!);
        var re = Npy.ReadMatrix(f.ReferenceEval!);
        bool[]? triggered = f.Labels is { } l ? ReadLabels(l, pe.Rows) : null;
        return new AuditBackdoorInputs(pf, rf, pe, re, triggered) { Files = f };
    }

    /// <summary>
    /// Embeds the fit and eval images with both models (aligned crops, no detector). The fit CSV lists
    /// <c>path</c> and optionally <c>subject</c>; the eval CSV <c>path</c> and optionally <c>triggered</c> (0/1) and <c>subject</c>.
    /// </summary>
    public static AuditBackdoorInputs FromModels(BackdoorFiles f, FaceEmbedderOptions options)
    {
        ArgumentNullException.ThrowIfNull(f);
        var fit = ImageListCsv.Read(f.Fit!, [], ["subject"]);
        var eval = ImageListCsv.Read(f.Eval!, [], ["triggered", "subject"]);
        bool[]? triggered = eval.Column("triggered") is { } t ? [.. t.Select((v, i) => ParseTriggered(v, eval.Csv, eval.Lines[i]))] : null;
        var (pf, pe, pn) = EmbedBoth(f.ProbeModel!, fit, eval, options);
        var (rf, re, rn) = EmbedBoth(f.ReferenceModel!, fit, eval, options);
        string[]? subjects = fit.Column("subject");
        return new AuditBackdoorInputs(
            new AuditSet(pf, subjects, fit.Paths, fit.Csv, ModelName(f.ProbeModel!)),
            new AuditSet(rf, subjects, fit.Paths, fit.Csv, ModelName(f.ReferenceModel!)),
            pe,
            re,
            triggered)
        {
            Files = f,
            EvalList = eval,
            Normalizations = [pn, rn],
        };
    }

    /// <summary>Records the inputs (hashed) and, for the model form, the models with SHA-256 and where the embeddings went.</summary>
    public void Record(AuditEnvelope env, string outDir)
    {
        ArgumentNullException.ThrowIfNull(env);
        var f = Files;
        if (f.ProbeModel is null)
        {
            env.Parameters["form"] = "embeddings";
            env.AddInput("probe_fit", ProbeFit.Source, ProbeFit.Rows, ProbeFit.Embeddings.Dim, ProbeFit.Model, outDir);
            env.AddInput("reference_fit", ReferenceFit.Source, ReferenceFit.Rows, ReferenceFit.Embeddings.Dim, ReferenceFit.Model, outDir);
            env.AddInput("probe_eval", f.ProbeEval, ProbeEval.Rows, ProbeEval.Dim, null, outDir);
            env.AddInput("reference_eval", f.ReferenceEval, ReferenceEval.Rows, ReferenceEval.Dim, null, outDir);
            if (f.Labels is not null)
            {
                env.AddInput("labels", f.Labels, ProbeEval.Rows, 0, null, outDir);
            }

            return;
        }

        env.Parameters["form"] = "models";
        env.AddInput("fit_images", f.Fit, ProbeFit.Rows, 0, null, outDir);
        env.AddInput("eval_images", f.Eval, ProbeEval.Rows, 0, null, outDir);
        env.Parameters["probe_model"] = Model(f.ProbeModel, ProbeFit.Embeddings.Dim, Normalizations[0], outDir);
        env.Parameters["reference_model"] = Model(f.ReferenceModel!, ReferenceFit.Embeddings.Dim, Normalizations[1], outDir);
        var written = new JsonObject
        {
            ["probe_fit"] = "probe_fit.npy",
            ["reference_fit"] = "reference_fit.npy",
            ["probe_eval"] = "probe_eval.npy",
            ["reference_eval"] = "reference_eval.npy",
        };
        if (Triggered is not null)
        {
            written["labels"] = "eval_labels.csv";
        }

        env.Parameters["embeddings"] = written;
    }

    /// <summary>
    /// Model form: writes the embeddings as <c>probe_fit.npy</c>, <c>reference_fit.npy</c>, <c>probe_eval.npy</c>,
    /// <c>reference_eval.npy</c> (+ <c>.csv</c> subjects beside the fit files, <c>eval_labels.csv</c>) so that the
    /// embedding form reproduces the run from <paramref name="outDir"/>.
    /// </summary>
    public void WriteEmbeddings(string outDir)
    {
        if (Files.ProbeModel is null)
        {
            return;
        }

        Npy.Write(Path.Combine(outDir, "probe_fit.npy"), ProbeFit.Embeddings);
        Npy.Write(Path.Combine(outDir, "reference_fit.npy"), ReferenceFit.Embeddings);
        Npy.Write(Path.Combine(outDir, "probe_eval.npy"), ProbeEval);
        Npy.Write(Path.Combine(outDir, "reference_eval.npy"), ReferenceEval);
        foreach (var name in new[] { "probe_fit.csv", "reference_fit.csv" })
        {
            // A sidecar left by an earlier run with subjects would change the split of a replay: remove it.
            string path = Path.Combine(outDir, name);
            if (ProbeFit.Subjects is { } s)
            {
                AuditCommon.WriteCsv(path, ["subject"], s.Select(x => (IEnumerable<string>)[x]));
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        if (Triggered is { } t)
        {
            string[]? subjects = EvalList?.Column("subject");
            AuditCommon.WriteCsv(Path.Combine(outDir, "eval_labels.csv"), subjects is null ? ["triggered"] : ["triggered", "subject"],
                t.Select((x, i) => (IEnumerable<string>)(subjects is null ? [x ? "1" : "0"] : [x ? "1" : "0", subjects[i]])));
        }
    }

    private static (EmbeddingMatrix Fit, EmbeddingMatrix Eval, (PixelNormalization, string) Norm) EmbedBoth(string model, ImageListCsv fit, ImageListCsv eval, FaceEmbedderOptions options)
    {
        using var embedder = FaceEmbedder.Open(model, options);
        return (ImageListEmbedding.Embed(embedder, fit.Paths), ImageListEmbedding.Embed(embedder, eval.Paths), (embedder.Normalization, embedder.NormalizationSource));
    }

    private static string ModelName(string path) => Path.GetFileNameWithoutExtension(path);

    private static JsonObject Model(string file, int dim, (PixelNormalization Norm, string Source) n, string outDir)
    {
        using var s = File.OpenRead(file);
        return new JsonObject
        {
            ["file"] = Path.GetRelativePath(Path.GetFullPath(outDir), Path.GetFullPath(file)).Replace('\\', '/'),
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(s)),
            ["dim"] = dim,
            ["pixel_mean"] = n.Norm.Mean,
            ["pixel_std"] = n.Norm.Std,
            ["pixel_norm_source"] = n.Source,
        };
    }

    private static bool[] ReadLabels(string csv, int rows)
    {
        if (!File.Exists(csv))
        {
            throw new FaceSynthDataException(csv, "labels CSV not found");
        }

        var lines = File.ReadAllLines(csv).Select((l, i) => (Text: l, Line: i + 1)).Where(l => l.Text.Trim().Length > 0).ToArray();
        var header = lines.Length > 0 ? lines[0].Text.Split(',').Select(h => h.Trim()).ToArray() : [];
        int c = Array.FindIndex(header, h => h.Equals("triggered", StringComparison.OrdinalIgnoreCase));
        if (c < 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, "no 'triggered' column");
        }

        if (lines.Length - 1 != rows)
        {
            throw new FaceSynthDataException(csv, $"{lines.Length - 1} labels for {rows} eval inputs");
        }

        return [.. lines.Skip(1).Select(l =>
        {
            var f = l.Text.Split(',');
            return f.Length == header.Length ? ParseTriggered(f[c].Trim(), csv, l.Line) : throw FaceSynthDataException.AtLine(csv, l.Line, $"{f.Length} fields, the header has {header.Length}");
        })];
    }

    private static bool ParseTriggered(string value, string csv, int line) => value switch
    {
        "1" or "true" or "triggered" => true,
        "0" or "false" or "clean" => false,
        _ => throw FaceSynthDataException.AtLine(csv, line, $"'triggered' is '{value}', expected 0 or 1"),
    };
}
