using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Audit.Leakage;
using FaceSynth.Audit.Morphing;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Reports;
using FaceSynth.Reports.Scores;
using FaceSynth.Synthesis;

namespace FaceSynth.Cli.Commands.Demo;

/// <summary>
/// Audits on synthetic embeddings: a leakage audit with planted leaks (noisy copies of real rows hidden in a
/// synthetic set; all must be found) and the embedding-level morphing vulnerability of the real set.
/// </summary>
internal sealed class AuditDemoStage : IDemoStage
{
    private const int Dim = 128, RealSubjects = 400, PerSubject = 3, Synthetic = 800, Planted = 16;

    public string Name => "audit";

    public Task RunAsync(DemoContext context)
    {
        ulong seed = (ulong)context.Seed;
        var centres = Unit(RealSubjects, seed, "demo/audit/real");
        var real = new EmbeddingMatrix(RealSubjects * PerSubject, Dim);
        var noise = new float[Dim];
        for (int i = 0; i < real.Rows; i++)
        {
            var rng = new SynthRandom(seed, "demo/audit/real-noise", (ulong)i);
            rng.FillNormal(noise);
            Mix(centres.Row(i / PerSubject), noise, 0.06f, real.Row(i));
        }

        var syn = Unit(Synthetic, seed, "demo/audit/synthetic");
        var planted = new HashSet<(int, int)>();
        for (int p = 0; p < Planted; p++)
        {
            int s = p * (Synthetic / Planted), r = (p * 37) % real.Rows;
            var rng = new SynthRandom(seed, "demo/audit/plant", (ulong)p);
            rng.FillNormal(noise);
            Mix(real.Row(r), noise, 0.02f, syn.Row(s));
            planted.Add((s, r));
        }

        var realSubjects = Enumerable.Range(0, real.Rows).Select(i => "real" + (i / PerSubject)).ToArray();
        var synIds = Enumerable.Range(0, Synthetic).Select(i => "syn" + (i / 2)).ToArray();
        var realSet = new AuditSet(real, realSubjects, source: "demo real set", model: "demo");
        var result = LeakageAudit.Run(new AuditSet(syn, synIds, source: "demo synthetic set", model: "demo"), realSet,
            options: new LeakageOptions { Fmrs = [1e-5], TopPairs = Planted + 4, Seed = seed });
        var rate = result.Rates[0];
        int found = result.TopPairs.Take(Planted).Count(p => planted.Contains((p.Synthetic, p.Real)));

        var morph = MorphAudit.Run(realSet, new MorphOptions { Count = 50, Fmrs = [1e-3], Seed = seed });
        var mr = morph.Rates[0];

        context.Summary[Name] = new JsonObject
        {
            ["leakage"] = new JsonObject
            {
                ["synthetic_rows"] = Synthetic,
                ["real_rows"] = real.Rows,
                ["planted"] = Planted,
                ["planted_in_top_pairs"] = found,
                ["fmr"] = rate.Threshold.Fmr,
                ["tau"] = rate.Threshold.Tau,
                ["leak_rate"] = rate.LeakRate,
                ["expected_rate_null"] = rate.ExpectedRateNull,
            },
            ["morph"] = new JsonObject
            {
                ["morphs"] = morph.Outcomes.Count,
                ["fmr"] = mr.Threshold.Fmr,
                ["minmax_mmpmr"] = mr.MinMaxMmpmr,
                ["prodavg_mmpmr"] = mr.ProdAvgMmpmr,
                ["ideal_mmpmr"] = mr.IdealMmpmr,
            },
        };

        var table = new ReportTable(["measure", "value"],
        [
            ["planted leaks found among the top pairs", $"{found} of {Planted}"],
            [$"leak rate at FMR {ReportFormat.Target(rate.Threshold.Fmr)} (τ = {rate.Threshold.Tau:F3})", ReportFormat.Percent(rate.LeakRate)],
            ["null expectation of the leak rate", ReportFormat.Percent(rate.ExpectedRateNull)],
            [$"MinMax-MMPMR at FMR {ReportFormat.Target(mr.Threshold.Fmr)}, {morph.Outcomes.Count} most similar pairs", ReportFormat.Percent(mr.MinMaxMmpmr)],
            ["ideal MMPMR (optimal morph bound)", ReportFormat.Percent(mr.IdealMmpmr)],
        ]);
        var html = context.Report;
        html.Section("Privacy audits on synthetic embeddings");
        html.Paragraph($"Leakage: {Planted} noisy copies of real rows (cos about 0.98) were hidden among {Synthetic} synthetic rows; the exact fused search must rank them first. Morphing: optimal morph templates normalise(e1 + e2) of the most similar subject pairs of the real set, scored against the other images of both subjects.");
        ScoreReport.AddTable(html, table);
        var o = context.Cli.Out;
        o.WriteLine("== Audits (leakage with planted leaks, morphing)");
        o.Write(TextTable.Format(table.Header, table.Rows));
        o.WriteLine();
        return Task.CompletedTask;
    }

    private static EmbeddingMatrix Unit(int rows, ulong seed, string stream)
    {
        var m = new EmbeddingMatrix(rows, Dim);
        for (int i = 0; i < rows; i++)
        {
            new SynthRandom(seed, stream, (ulong)i).FillNormal(m.Row(i));
        }

        m.NormalizeRows();
        return m;
    }

    private static void Mix(ReadOnlySpan<float> unit, ReadOnlySpan<float> noise, float sigma, Span<float> output)
    {
        float norm = 0;
        for (int j = 0; j < unit.Length; j++)
        {
            output[j] = unit[j] + (sigma * noise[j]);
            norm += output[j] * output[j];
        }

        norm = MathF.Sqrt(norm);
        for (int j = 0; j < unit.Length; j++)
        {
            output[j] /= norm;
        }
    }
}
