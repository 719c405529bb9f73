using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Reports.Plots;
using FaceSynth.Synthesis;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth synth</c>: identity sampling, intra-class variations and dataset-quality metrics (SYNTHESIS.md 7).</summary>
internal static class SynthCommand
{
    public static Command Build()
    {
        var cmd = new Command("synth", "Synthesise identities in embedding space (uniform, HyperFace packing, Langevin), their variations, and measure them.");
        cmd.Subcommands.Add(SynthIdentitiesCommand.Build());
        cmd.Subcommands.Add(SynthVariationsCommand.Build());
        cmd.Subcommands.Add(SynthMetricsCommand.Build());
        return cmd;
    }

    /// <summary>Reads a unit-normalised matrix from .npy, or null.</summary>
    public static EmbeddingMatrix? ReadMatrix(FileInfo? file) => file is null ? null : Npy.ReadMatrix(file.FullName);

    /// <summary>Metrics JSON of identities (and optional variations), with the reference comparison.</summary>
    public static JsonObject Metrics(EmbeddingMatrix x, EmbeddingMatrix? gallery, VariationResult? variations, float[]? v, int perIdentity,
        Dictionary<(int D, int N), double>? table, ulong seed, CancellationToken ct, out InterIdentityMetrics inter, out KnownOptimum? reference)
    {
        inter = PackingMetrics.Compute(x, gallery, ct: ct);
        reference = table is not null && table.TryGetValue((x.Dim, x.Rows), out var a)
            ? new KnownOptimum(a, "table", false)
            : KnownOptimum.Find(x.Dim, x.Rows);
        var json = new JsonObject { ["schema"] = "facesynth.synthesis-metrics/1", ["inter"] = SynthesisJson.Inter(inter, reference) };
        if (v is not null)
        {
            json["intra"] = SynthesisJson.Intra(IntraClassMetrics.Compute(x, v, perIdentity, seed));
        }

        _ = variations;
        return json;
    }

    /// <summary>Prints the main numbers and writes the histogram plot.</summary>
    public static void Summarise(CliContext ctx, string directory, InterIdentityMetrics m, KnownOptimum? reference)
    {
        string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        var rows = new List<string[]>
        {
            new[] { "identities x dim", $"{m.Count} x {m.Dim}" },
            new[] { "min angle (deg)", F(m.MinAngleDeg) },
            new[] { "mean nn angle (deg)", F(m.NnAngleDeg.Mean) },
            new[] { "max cos", F(m.MaxCos) },
            new[] { "mean / std cos (all pairs)", $"{F(m.CosAll.Mean)} / {F(m.CosAll.Std)}" },
            new[] { "uniform baseline max cos (rough)", F(m.RandomBaselineMaxCos) },
        };
        foreach (var (t, p) in m.PropPairsAboveAngle)
        {
            rows.Add([$"pairs above {t} deg", F(p)]);
        }

        if (m.GalleryDistance is double g)
        {
            rows.Add(["gallery distance", F(g)]);
        }

        if (reference is not null)
        {
            rows.Add([$"reference ({reference.Case}{(reference.Proven ? ", proven" : "")})", F(reference.AngleDeg)]);
            rows.Add(["gap to reference (deg)", F(reference.AngleDeg - m.MinAngleDeg)]);
        }

        ctx.Out.WriteLine(TextTable.Format(["metric", "value"], rows));
        var centres = new List<double>();
        var counts = new List<double>();
        for (int b = 0; b < CosineHistogram.Bins; b++)
        {
            if (m.CosAll.Counts[b] > 0 || (centres.Count > 0 && b < CosineHistogram.Bins - 1 && m.CosAll.Counts[b + 1] > 0))
            {
                centres.Add(-1 + ((b + 0.5) * CosineHistogram.Width));
                counts.Add(m.CosAll.Counts[b]);
            }
        }

        if (centres.Count > 1)
        {
            ScorePlots.Lines([new LineSeries("inter-identity cosine", [.. centres], [.. counts])], "cosine", "pairs").Save(directory, "cos_all_histogram");
        }
    }

    /// <summary>Forwards sampler progress to the CLI bar (step) and shows the current min angle.</summary>
    public sealed class ProgressBridge(CliProgress bar) : IProgress<SamplerProgress>
    {
        public void Report(SamplerProgress value)
        {
            ArgumentNullException.ThrowIfNull(value);
            bar.SetTotal(value.TotalIterations);
            bar.Report(value.Iteration);
        }
    }
}
