using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using FaceSynth.Cli.Commands.Demo;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Protocols;
using FaceSynth.Reports;
using FaceSynth.Scores;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth demo</c>: FaceSynth's main job on built-in, deterministic synthetic data.</summary>
internal static class DemoCommand
{
    /// <summary>The notice shown on every demo output.</summary>
    public const string SyntheticNotice =
        "All data in this report is SYNTHETIC: random identities in embedding space generated from a fixed seed. "
        + "No images and no real people are involved; the numbers illustrate the pipeline, not any face recognition system.";

    public static Command Build()
    {
        var outOption = new Option<DirectoryInfo>("--out") { Description = "Output folder for report.html, summary.json and plots", DefaultValueFactory = _ => new DirectoryInfo("facesynth-demo") };
        var seedOption = new Option<int>("--seed") { Description = "Seed of the synthetic benchmark", DefaultValueFactory = _ => DemoBenchmarkOptions.Default.Seed };
        var identities = new Option<int>("--identities") { Description = "Synthetic identities (half development, half evaluation)", DefaultValueFactory = _ => DemoBenchmarkOptions.Default.Identities };
        var dim = new Option<int>("--dim") { Description = "Embedding dimension", DefaultValueFactory = _ => DemoBenchmarkOptions.Default.Dim };
        var writeScores = new Option<bool>("--write-scores") { Description = "Also write the evaluation scores (4-column), the development scores and groups.csv, for trying 'facesynth eval scores'" };
        var cmd = new Command("demo", "Generate a deterministic synthetic benchmark in embedding space, evaluate it and write a report.")
        {
            outOption, seedOption, identities, dim, writeScores,
        };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            var dir = parse.GetValue(outOption)!.FullName;
            var seed = parse.GetValue(seedOption);
            var options = DemoBenchmarkOptions.Default with { Seed = seed, Identities = parse.GetValue(identities), Dim = parse.GetValue(dim) };
            var clock = Stopwatch.StartNew();
            Directory.CreateDirectory(dir);
            var demo = new DemoContext(ctx, dir, seed, options);
            demo.Report.Notice(SyntheticNotice);
            demo.Summary["synthetic"] = true;
            demo.Summary["notice"] = SyntheticNotice;
            demo.Summary["seed"] = seed;
            demo.Summary["benchmark"] = System.Text.Json.JsonSerializer.SerializeToNode(options, ReportJson.Options);
            ctx.Out.WriteLine($"FaceSynth demo (synthetic data, seed {seed}): {options.Identities} identities x {options.SamplesPerIdentity} samples, d = {options.Dim}");
            ctx.Out.WriteLine();
            demo.Report.KeyValues(
            [
                new("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("identities", $"{options.Identities} ({options.Identities / 2} development, {options.Identities - (options.Identities / 2)} evaluation)"),
                new("samples per identity", options.SamplesPerIdentity.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("embedding dimension", options.Dim.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("synthetic groups (noise level)", string.Join(", ", options.Groups.Zip(options.GroupNoise, (g, s) => $"{g} ({s})"))),
            ]);

            var stages = DemoStages.All();
            using (var progress = ctx.StartProgress("demo stages", stages.Count))
            {
                foreach (var stage in stages)
                {
                    ctx.Cancellation.ThrowIfCancellationRequested();
                    await stage.RunAsync(demo).ConfigureAwait(false);
                    progress.Increment();
                }
            }

            if (parse.GetValue(writeScores))
            {
                WriteScoreFiles(demo);
            }

            ReportJson.WriteFile(Path.Combine(dir, "summary.json"), demo.Summary);
            demo.Report.Paragraph($"Files: {string.Join(", ", demo.Files.Append("summary.json"))}.");
            var page = Path.Combine(dir, "report.html");
            demo.Report.Save(page);
            ctx.Out.WriteLine($"Report: {page}");
            ctx.Out.WriteLine($"Summary: {Path.Combine(dir, "summary.json")} ({clock.Elapsed.TotalSeconds:F1} s)");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void WriteScoreFiles(DemoContext demo)
    {
        var b = demo.Benchmark;
        ScoreFile.WriteFourColumn(Path.Combine(demo.OutputDirectory, "eval-scores.txt"), b.EvaluationRows);
        ScoreFile.WriteTwoColumn(Path.Combine(demo.OutputDirectory, "dev-scores.txt"), b.Development);
        var csv = new System.Text.StringBuilder("subject_id,group\n");
        for (var i = 0; i < b.IdentityGroups.Count; i++)
        {
            csv.Append(DemoBenchmark.IdentityName(i)).Append(',').Append(b.IdentityGroups[i]).Append('\n');
        }

        AtomicFile.WriteAllText(Path.Combine(demo.OutputDirectory, "groups.csv"), csv.ToString());
        demo.Files.AddRange(["eval-scores.txt", "dev-scores.txt", "groups.csv"]);
    }
}
