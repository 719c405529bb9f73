using System.CommandLine;
using System.Globalization;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Vision.Detection;
using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Images;
using FaceSynth.Vision.Pipeline;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth embed</c>: images (folder, list, .bin, .rec) to an embedding matrix (.npy) with an ONNX model.</summary>
internal static class EmbedCommand
{
    public static Command Build()
    {
        var input = new Argument<string>("INPUT") { Description = "A folder of images, a list file (one path per line), an insightface .bin or a .rec pack" };
        var model = new Option<FileInfo>("--model") { Description = "Recognition model (.onnx, N x 3 x 112 x 112 input)", Required = true };
        var detector = new Option<FileInfo?>("--detector") { Description = "SCRFD detector (.onnx): detect and 5-point align each image first" };
        var output = new Option<FileInfo>("--out") { Description = "Output .npy (N x d float32); side files OUT.ids.txt, OUT.labels.txt, OUT.failures.tsv", Required = true };
        var flip = new Option<bool>("--flip") { Description = "Add the embedding of the mirrored image (flip test)" };
        var onError = new Option<string>("--on-error") { Description = "skip: list unreadable images in OUT.failures.tsv and leave a zero row; fail: stop", DefaultValueFactory = _ => "skip" };
        onError.AcceptOnlyFromAmong("skip", "fail");
        var chunk = new Option<int>("--chunk") { Description = "Images per checkpoint (an interrupted run resumes from OUT.partial/)", DefaultValueFactory = _ => 1024 };
        var maxPixels = new Option<long>("--max-pixels") { Description = "Refuse images declaring more pixels than this", DefaultValueFactory = _ => ImageDecodeOptions.Default.MaxPixels };
        var vision = new VisionOptions();
        var cmd = new Command("embed", "Embed face images with an ONNX recognition model (optionally detecting and aligning them first).")
        {
            input, model, detector, output, flip, onError, chunk, maxPixels,
        };
        vision.AddTo(cmd);
        cmd.SetGuardedAction((ctx, parse) =>
        {
            var session = vision.Session(parse);
            var items = EmbedInputs.Open(parse.GetValue(input)!, out var disposable);
            using var _ = disposable;
            using var embedder = FaceEmbedder.Open(parse.GetValue(model)!.FullName, new FaceEmbedderOptions(parse.GetValue(vision.Batch), parse.GetValue(flip), null, session));
            using var det = parse.GetValue(detector) is { } d ? ScrfdDetector.Open(d.FullName, new ScrfdOptions(Session: session)) : null;
            string outPath = parse.GetValue(output)!.FullName;
            ctx.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embed: {items.Count} images, model input {embedder.InputWidth} x {embedder.InputHeight}, d = {embedder.Dim}, normalisation {embedder.NormalizationSource} ({embedder.Normalization.Mean}, {embedder.Normalization.Std})"));
            EmbedRunResult result;
            using (var progress = ctx.StartProgress("embedding", items.Count))
            {
                var options = new EmbedRunOptions(outPath, parse.GetValue(chunk), parse.GetValue(onError) == "fail", 0, new ImageDecodeOptions(parse.GetValue(maxPixels)));
                try
                {
                    result = EmbedRunner.Run(items, embedder, det, options, progress, ctx.Cancellation);
                }
                catch (AggregateException e) when (e.InnerException is FaceSynthDataException inner)
                {
                    throw inner;
                }
            }

            string resumed = result.ResumedChunks > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({result.ResumedChunks} chunks resumed)") : "";
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath}: {result.Rows} x {result.Dim}; {result.ImagesPerSecond:F1} images/s over {result.Elapsed.TotalSeconds:F1} s{resumed}; {result.Failures.Count} failures (listed in {Path.GetFileName(outPath)}.failures.tsv)"));
            ctx.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"embed: {result.SessionTime.TotalSeconds:F2} s inside ONNX Runtime, {(result.Elapsed - result.SessionTime).TotalSeconds:F2} s outside (decoding, alignment, batching, files): pipeline overhead {100 * result.PipelineOverhead:F1} %"));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
