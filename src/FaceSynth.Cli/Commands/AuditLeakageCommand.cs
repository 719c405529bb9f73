using System.CommandLine;
using FaceSynth.Audit;
using FaceSynth.Audit.Leakage;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Similarity;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth audit leakage</c>: membership inference of real identities in a synthetic set (AUDIT.md 1).</summary>
internal static class AuditLeakageCommand
{
    public static Command Build()
    {
        var synthetic = new Option<FileInfo>("--synthetic") { Description = "Synthetic embeddings (.npy, N_s x d; optional same-name .csv with subject/path)", Required = true };
        var real = new Option<FileInfo>("--real") { Description = "The generator's training set (.npy, N_r x d; optional .csv)", Required = true };
        var control = new Option<FileInfo?>("--control") { Description = "Real set disjoint from the training data (.npy)" };
        var reference = new Option<FileInfo?>("--reference") { Description = "Labelled set for the thresholds (default: --real)" };
        var topPairs = new Option<int>("--top-pairs") { Description = "Global best pairs reported", DefaultValueFactory = _ => 100 };
        var k = new Option<int>("--k") { Description = "Neighbours per synthetic sample", DefaultValueFactory = _ => 5 };
        var fmr = AuditCommon.FmrOption("auto = 0.1/N_r and 0.01/N_r");
        var maxPairs = new Option<long>("--max-pairs") { Description = "Impostor pairs enumerated before drawing", DefaultValueFactory = _ => ImpostorThresholds.DefaultMaxPairs };
        var minSamples = new Option<int>("--min-samples") { Description = "Samples of one identity matching one real subject to flag it", DefaultValueFactory = _ => 2 };
        var sheetPairs = new Option<int>("--contact-sheet-pairs") { Description = "Pairs on the contact sheet", DefaultValueFactory = _ => 48 };
        var imagesSyn = new Option<DirectoryInfo?>("--images-synthetic") { Description = "Root of the synthetic set's relative image paths" };
        var imagesReal = new Option<DirectoryInfo?>("--images-real") { Description = "Root of the real set's relative image paths" };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var subjectColumn = AuditCommon.SubjectColumnOption();
        var seed = AuditCommon.SeedOption();
        var outDir = AuditCommon.OutOption();
        var cmd = new Command("leakage", "Find synthetic samples that reproduce real training identities: exact nearest real neighbours, leak rates at low-FMR thresholds next to the null expectation and a control set, identity summaries, contact sheet.")
        {
            synthetic, real, control, reference, topPairs, k, fmr, maxPairs, minSamples, sheetPairs, imagesSyn, imagesReal, threads, subjectColumn, seed, outDir,
        };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            string col = parse.GetValue(subjectColumn)!;
            var syn = AuditSet.Load(parse.GetRequiredValue(synthetic).FullName, subjectColumn: col, imageRoot: parse.GetValue(imagesSyn)?.FullName);
            var rea = AuditSet.Load(parse.GetRequiredValue(real).FullName, subjectColumn: col, imageRoot: parse.GetValue(imagesReal)?.FullName);
            var con = parse.GetValue(control) is { } c ? AuditSet.Load(c.FullName, subjectColumn: col) : null;
            var refe = parse.GetValue(reference) is { } r ? AuditSet.Load(r.FullName, subjectColumn: col) : null;
            using var progress = ctx.StartProgress("leakage search (synthetic rows)", syn.Rows);
            using var controlProgress = con is null ? null : ctx.StartProgress("control search (synthetic rows)", syn.Rows);
            var options = new LeakageOptions
            {
                K = parse.GetValue(k),
                TopPairs = parse.GetValue(topPairs),
                Fmrs = AuditCommon.ParseFmrs(parse.GetValue(fmr), null),
                MaxPairs = parse.GetValue(maxPairs),
                MinSamplesForIdentity = parse.GetValue(minSamples),
                ContactSheetPairs = parse.GetValue(sheetPairs),
                Seed = parse.GetValue(seed),
                Similarity = new SimilarityOptions { Threads = parse.GetValue(threads), Progress = progress, Cancellation = ctx.Cancellation },
                ControlProgress = controlProgress,
            };
            if (options.K < 1 || options.TopPairs < 0)
            {
                throw new CliUsageException("--k must be at least 1 and --top-pairs non-negative");
            }

            var result = await Task.Run(() => LeakageAudit.Run(syn, rea, con, refe, options), ctx.Cancellation).ConfigureAwait(false);
            progress.Dispose();
            controlProgress?.Dispose();
            var dir = parse.GetRequiredValue(outDir).FullName;
            AuditLeakageReport.Write(ctx, dir, syn, rea, con, refe, options, result);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
