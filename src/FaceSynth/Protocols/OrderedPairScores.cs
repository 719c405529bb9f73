using FaceSynth.Scores;

namespace FaceSynth.Protocols;

/// <summary>
/// Pair scores in file order with their same/different flags, as the pair protocol needs them
/// (the bob readers split a file into negatives and positives and lose the order).
/// </summary>
/// <param name="Scores">Scores in file order (NaN kept).</param>
/// <param name="Same">True where the label is 1 (genuine).</param>
/// <param name="Source">File the scores came from.</param>
public sealed record OrderedPairScores(double[] Scores, bool[] Same, string? Source)
{
    /// <summary>
    /// Reads a bob 2-column file (FORMATS.md 3.1: <c>label score</c>, <c>#</c> comments, label == 1 genuine;
    /// plain, gzip or tar as the other score readers) keeping the line order.
    /// </summary>
    /// <exception cref="FaceSynthDataException">A line without exactly two fields, or an unparsable number.</exception>
    public static OrderedPairScores ReadTwoColumn(string path) =>
        ScoreFile.WithReader(path, ScoreFileOptions.Default, r =>
        {
            var scores = new List<double>();
            var same = new List<bool>();
            ColumnScoreReader.ReadTwoColumnRows(r, (genuine, score) =>
            {
                same.Add(genuine);
                scores.Add(score);
            });
            return new OrderedPairScores([.. scores], [.. same], path);
        });
}
