using System.CommandLine;
using System.Globalization;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Formats;
using FaceSynth.Reports;
using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Pipeline;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth eval bin</c>: insightface's verification protocol on a benchmark .bin, from images to accuracy.</summary>
internal static class EvalBinCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo>("BIN") { Description = "insightface benchmark .bin (lfw.bin, cfp_fp.bin, agedb_30.bin, ...)" };
        var model = new Option<FileInfo>("--model") { Description = "Recognition model (.onnx)", Required = true };
        var json = new Option<FileInfo?>("--json") { Description = "Write the result as JSON" };
        var embeddings = new Option<FileInfo?>("--embeddings") { Description = "Also save the flip-added, normalised embeddings (.npy)" };
        var vision = new VisionOptions();
        var cmd = new Command("bin", "Verification accuracy on an insightface .bin (flip-add, L2 norm, 10-fold threshold search).") { file, model, json, embeddings };
        vision.AddTo(cmd);
        cmd.SetGuardedAction((ctx, parse) =>
        {
            string path = parse.GetValue(file)!.FullName;
            var bin = VerificationBin.Read(path);
            using var embedder = FaceEmbedder.Open(parse.GetValue(model)!.FullName, new FaceEmbedderOptions(parse.GetValue(vision.Batch), false, null, vision.Session(parse)));
            (FaceSynth.Protocols.PairsKFoldResult Result, FaceSynth.Embeddings.EmbeddingMatrix Embeddings, double XNorm) run;
            using (var progress = ctx.StartProgress("embedding", bin.Images.Count))
            {
                try
                {
                    run = VerificationBinEvaluation.Run(bin, embedder, progress, ctx.Cancellation);
                }
                catch (AggregateException agg) when (agg.InnerException is FaceSynthDataException inner)
                {
                    throw inner;
                }
            }

            var r = run.Result;
            ctx.Out.WriteLine(TextTable.Format(
                ["benchmark", "pairs", "accuracy", "std", "xnorm"],
                [[Path.GetFileNameWithoutExtension(path), bin.PairCount.ToString(CultureInfo.InvariantCulture),
                  r.MeanAccuracy.ToString("F5", CultureInfo.InvariantCulture), r.StdAccuracy.ToString("F5", CultureInfo.InvariantCulture),
                  run.XNorm.ToString("F3", CultureInfo.InvariantCulture)]]));
            if (parse.GetValue(embeddings) is { } e)
            {
                FaceSynth.Embeddings.Npy.Write(e.FullName, run.Embeddings);
            }

            if (parse.GetValue(json) is { } j)
            {
                ReportJson.WriteFile(j.FullName, new
                {
                    Benchmark = path,
                    Model = parse.GetValue(model)!.FullName,
                    Pairs = bin.PairCount,
                    r.MeanAccuracy,
                    r.StdAccuracy,
                    r.FoldAccuracies,
                    r.BestThresholds,
                    run.XNorm,
                    Normalization = embedder.NormalizationSource,
                });
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }
}
