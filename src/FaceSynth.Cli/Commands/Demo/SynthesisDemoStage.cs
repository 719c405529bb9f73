using System.Globalization;
using System.Text.Json.Nodes;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Reports;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;
using FaceSynth.Synthesis;

namespace FaceSynth.Cli.Commands.Demo;

/// <summary>
/// Identity synthesis on a small problem: uniform random identities against HyperFace packing started from those
/// same points, each given vMF variations; compares the spread of the identities (nearest-neighbour angles, all-pair
/// cosine histogram) and how well genuine and impostor variation pairs separate (EER).
/// </summary>
internal sealed class SynthesisDemoStage : IDemoStage
{
    // Small enough for well under a second of packing on two loaded cores; N > 2d, so 90 degrees is out of reach
    // (Rankin) and the packing has to work for its angle.
    private const int Count = 200, Dim = 64, PerIdentity = 4, Steps = 300;

    // Low enough that genuine and impostor scores overlap, so the EER shows the effect of the spread.
    private const double TargetCos = 0.7;

    // Coarse bins for the plot: 20 of the metric's 0.001-wide bins each.
    private const int PlotBinFactor = 20;

    public string Name => "synthesis";

    public Task RunAsync(DemoContext context)
    {
        ulong seed = unchecked((ulong)(long)context.Seed);
        var ct = context.Cli.Cancellation;

        // One thread: a step of this size is shorter than a scheduling slice on a busy machine, so fork/join only waits.
        var request = new IdentityRequest(Count, Dim, seed) { Threads = 1 };

        var uniform = new UniformSampler().Run(request, null, ct);
        var hyperOptions = new HyperFaceOptions { Steps = Steps, PolishSteps = Steps, Restarts = 1 };
        var hyper = new HyperFaceSampler(hyperOptions).Run(request, null, ct);

        var rows = new List<(string Name, string Description, SamplerResult Result, InterIdentityMetrics Inter, IntraClassMetrics Intra)>();
        foreach (var (name, description, result) in new[]
        {
            ("uniform", "uniform random on the sphere", uniform),
            ("hyperface", $"HyperFace packing from the same points ({Steps} soft + {Steps} global steps)", hyper),
        })
        {
            ct.ThrowIfCancellationRequested();
            var inter = PackingMetrics.Compute(result.Identities, threads: 1);
            var variations = new VmfSampler(new VmfOptions { TargetMeanCos = TargetCos }).Run(result.Identities, PerIdentity, seed, null, ct);
            var intra = IntraClassMetrics.Compute(result.Identities, variations.Variations, PerIdentity, seed, threads: 1);
            var file = $"synthesis-{name}.npy";
            Npy.Write(Path.Combine(context.OutputDirectory, file), result.Identities);
            context.Files.Add(file);
            rows.Add((name, description, result, inter, intra));
        }

        var samplers = new JsonObject();
        foreach (var r in rows)
        {
            var v = r.Intra.Verification!;
            samplers[r.Name] = new JsonObject
            {
                ["description"] = r.Description,
                ["method"] = r.Result.Method,
                ["identities_file"] = $"synthesis-{r.Name}.npy",
                ["min_nn_angle_deg"] = r.Inter.NnAngleDeg.Min,
                ["mean_nn_angle_deg"] = r.Inter.NnAngleDeg.Mean,
                ["max_cos"] = r.Inter.MaxCos,
                ["cos_all_mean"] = r.Inter.CosAll.Mean,
                ["cos_all_std"] = r.Inter.CosAll.Std,
                ["genuine_pairs"] = v.Genuine,
                ["impostor_pairs"] = v.Impostor,
                ["eer"] = v.Eer,
                ["fnmr_at_fmr_1e3"] = v.FnmrAtFmr1e3,
                ["d_prime"] = v.DPrime,
                ["confusion_rate"] = r.Intra.ConfusionRate,
            };
        }

        var reference = KnownOptimum.Find(Dim, Count);
        context.Summary[Name] = new JsonObject
        {
            ["count"] = Count,
            ["dim"] = Dim,
            ["per_identity"] = PerIdentity,
            ["variation_sampler"] = "vmf",
            ["target_mean_cos_to_reference"] = TargetCos,
            ["hyperface_steps"] = Steps,
            ["hyperface_polish_steps"] = Steps,
            ["random_baseline_max_cos"] = rows[0].Inter.RandomBaselineMaxCos,
            ["known_optimum_deg"] = reference?.AngleDeg,
            ["samplers"] = samplers,
        };

        var table = new ReportTable(
            ["identities", "min NN angle (deg)", "mean NN angle (deg)", "max cos", "EER (vMF variations)", "FNMR @ FMR 1e-3", "d'"],
            [.. rows.Select(r => (IReadOnlyList<string>)
            [
                r.Name,
                F(r.Inter.NnAngleDeg.Min),
                F(r.Inter.NnAngleDeg.Mean),
                r.Inter.MaxCos.ToString("F4", CultureInfo.InvariantCulture),
                ReportFormat.Percent(r.Intra.Verification!.Eer),
                ReportFormat.Percent(r.Intra.Verification!.FnmrAtFmr1e3),
                r.Intra.Verification!.DPrime.ToString("F3", CultureInfo.InvariantCulture),
            ])]);

        var html = context.Report;
        html.Section("Identity synthesis: uniform vs HyperFace packing");
        html.Paragraph($"{Count} synthetic identities in d = {Dim} (more than 2d, so no packing reaches 90 degrees): uniform random unit vectors, " +
            $"and HyperFace packing started from exactly those points. Each identity gets {PerIdentity} von Mises-Fisher variations with mean cosine " +
            $"{TargetCos} to its reference (same draws for both sets); genuine = pairs of one identity's variations, impostor = all other pairs.");
        ScoreReport.AddTable(html, table);
        context.Files.AddRange(ScoreReport.AddPlot(html, context.OutputDirectory, "synthesis-cosines", HistogramPlot(rows.Select(r => (r.Name, r.Inter.CosAll))),
            $"Cosine of all {Count * (Count - 1) / 2} identity pairs (bins of width {PlotBinFactor * CosineHistogram.Width})"));

        var o = context.Cli.Out;
        o.WriteLine("== Identity synthesis (uniform vs HyperFace, vMF variations)");
        o.Write(TextTable.Format(table.Header, table.Rows));
        o.WriteLine();
        return Task.CompletedTask;
    }

    private static PlotImage HistogramPlot(IEnumerable<(string Name, CosineHistogram Histogram)> sets)
    {
        var list = sets.ToList();
        int coarse = CosineHistogram.Bins / PlotBinFactor;
        int first = coarse, last = -1;
        var counts = list.Select(s =>
        {
            var c = new double[coarse];
            for (int b = 0; b < CosineHistogram.Bins; b++)
            {
                c[b / PlotBinFactor] += s.Histogram.Counts[b];
            }

            return c;
        }).ToList();
        foreach (var c in counts)
        {
            for (int b = 0; b < coarse; b++)
            {
                if (c[b] > 0)
                {
                    first = Math.Min(first, b);
                    last = Math.Max(last, b);
                }
            }
        }

        // One empty bin on each side so the curves start and end at zero.
        first = Math.Max(0, first - 1);
        last = Math.Min(coarse - 1, last + 1);
        double width = PlotBinFactor * CosineHistogram.Width;
        var x = Enumerable.Range(first, last - first + 1).Select(b => -1 + ((b + 0.5) * width)).ToArray();
        var series = list.Select((s, k) => new LineSeries(s.Name, x, counts[k][first..(last + 1)])).ToList();
        return ScorePlots.Lines(series, "cosine between identities", "pairs");
    }

    private static string F(double deg) => deg.ToString("F3", CultureInfo.InvariantCulture);
}
