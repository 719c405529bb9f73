using System.CommandLine;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Protocols;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary>
/// <c>facesynth eval pairs</c>: insightface's 10-fold pair protocol (LFW style) on embeddings with a pair
/// list, or on a bob 2-column score file of cosine similarities kept in pair order.
/// </summary>
internal static class EvalPairsCommand
{
    public static Command Build()
    {
        var embeddings = new Option<FileInfo?>("--embeddings") { Description = "Embeddings, N x d .npy (float32/float64); needs --pairs" };
        var pairs = new Option<FileInfo?>("--pairs") { Description = "Pair list: 'a b label' per line (row indices or sample ids; label 0 = different)" };
        var scores = new Option<FileInfo?>("--scores") { Description = "Instead of --embeddings/--pairs: bob 2-column score file (label score; cosine similarity) in pair order" };
        var ids = new Option<FileInfo?>("--ids") { Description = "Sample ids of the embedding rows (.npy strings or text, one per line) for pair lists that name samples" };
        var folds = new Option<int>("--folds") { Description = "Number of folds", DefaultValueFactory = _ => 10 };
        var far = new Option<double>("--far") { Description = "FAR target of VAL@FAR", DefaultValueFactory = _ => 1e-3 };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Do not L2-normalise the embeddings first" };
        var json = new Option<string?>("--json") { Description = "Write the result as JSON ('-' for standard output)" };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Write report.html with the mean ROC into this folder" };
        var cmd = new Command("pairs", "10-fold verification accuracy and VAL@FAR on a pair list (insightface protocol).")
        {
            embeddings, pairs, scores, ids, folds, far, noNormalize, json, report,
        };
        cmd.SetGuardedAction((ctx, parse) =>
        {
            var k = parse.GetValue(folds);
            if (k < 2)
            {
                throw new CliUsageException($"--folds {k}: at least 2 folds are needed");
            }

            var farTarget = parse.GetValue(far);
            if (!(farTarget > 0 && farTarget < 1))
            {
                throw new CliUsageException($"--far {farTarget}: the FAR target must lie in (0, 1)");
            }

            var options = new PairsKFoldOptions { Folds = k, FarTarget = farTarget };
            var run = Evaluate(parse.GetValue(embeddings), parse.GetValue(pairs), parse.GetValue(scores), parse.GetValue(ids), !parse.GetValue(noNormalize), options);
            ctx.Cancellation.ThrowIfCancellationRequested();
            EvalPairsOutput.Print(ctx.Out, run);
            var text = EvalPairsOutput.Json(run);
            EvalOutputs.WriteJson(ctx, parse.GetValue(json), text);
            if (parse.GetValue(report) is { } dir)
            {
                EvalPairsOutput.WriteReport(ctx, dir.FullName, run, text);
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static EvalPairsRun Evaluate(FileInfo? embeddings, FileInfo? pairs, FileInfo? scores, FileInfo? ids, bool normalize, PairsKFoldOptions options)
    {
        if (scores is not null)
        {
            if (embeddings is not null || pairs is not null || ids is not null)
            {
                throw new CliUsageException("give either --scores or --embeddings with --pairs, not both");
            }

            var ordered = OrderedPairScores.ReadTwoColumn(scores.FullName);
            CheckFoldCount(ordered.Scores.Count(s => !double.IsNaN(s)), options.Folds, scores.FullName);
            var fromScores = PairsKFold.EvaluateScores(ordered.Scores, ordered.Same, options);
            return new EvalPairsRun(fromScores, null, null, scores.FullName, null);
        }

        if (embeddings is null || pairs is null)
        {
            throw new CliUsageException("give --embeddings and --pairs (or a score file with --scores)");
        }

        var e = Npy.ReadMatrix(embeddings.FullName);
        e.EnsureFinite(embeddings.FullName);
        if (ids is not null)
        {
            e.Ids = LabelFile.Read(ids.FullName, e.Rows);
        }

        var list = PairList.Read(pairs.FullName, e);
        CheckFoldCount(list.Count, options.Folds, pairs.FullName);
        var r = PairsKFold.EvaluateEmbeddings(e, list, normalize, options);
        return new EvalPairsRun(r, embeddings.FullName, pairs.FullName, null, normalize);
    }

    // The library refuses fewer pairs than folds with an ArgumentException; the user needs the file named.
    private static void CheckFoldCount(int count, int folds, string source)
    {
        if (count < folds)
        {
            throw new FaceSynthDataException(source, $"{count} usable pairs cannot be split into {folds} folds");
        }
    }
}

/// <summary>One run of the pair protocol with the inputs it came from.</summary>
/// <param name="Result">The protocol result.</param>
/// <param name="Embeddings">Embedding file (embedding input).</param>
/// <param name="Pairs">Pair list (embedding input).</param>
/// <param name="Scores">Score file (score input).</param>
/// <param name="Normalized">Whether embeddings were L2-normalised (null for score input).</param>
internal sealed record EvalPairsRun(PairsKFoldResult Result, string? Embeddings, string? Pairs, string? Scores, bool? Normalized);
