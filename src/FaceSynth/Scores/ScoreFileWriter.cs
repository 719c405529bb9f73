using System.Globalization;
using System.Text;
using FaceSynth.Embeddings;

namespace FaceSynth.Scores;

/// <summary>Score file writers (FORMATS.md 3.7), atomic (temporary file, then move).</summary>
public static partial class ScoreFile
{
    /// <summary>
    /// Writes a bob 2-column file: negatives then positives, <c>-1 score</c> / <c>1 score</c>, scores in
    /// shortest round-trip form (<c>R</c>), NaN as <c>nan</c>, infinities as <c>inf</c> / <c>-inf</c>.
    /// </summary>
    public static void WriteTwoColumn(string path, ScoreSet scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        WriteLines(path, w =>
        {
            foreach (double s in scores.Negatives)
            {
                w.Write("-1 ");
                w.Write(FormatRoundTrip(s));
                w.Write('\n');
            }

            foreach (double s in scores.Positives)
            {
                w.Write("1 ");
                w.Write(FormatRoundTrip(s));
                w.Write('\n');
            }
        });
    }

    /// <summary>Writes bob 4-column lines <c>claimed_id real_id test_label score</c>, score as Python <c>str()</c>.</summary>
    public static void WriteFourColumn(string path, IEnumerable<ScoreRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        WriteLines(path, w =>
        {
            foreach (var r in rows)
            {
                CheckIds(r, false);
                w.Write($"{r.ClaimedId} {r.RealId} {r.Probe} {PythonFloat.Repr(r.Score)}\n");
            }
        });
    }

    /// <summary>Writes bob 5-column lines <c>claimed_id model_label real_id test_label score</c> (model label defaults to the claimed id).</summary>
    public static void WriteFiveColumn(string path, IEnumerable<ScoreRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        WriteLines(path, w =>
        {
            foreach (var r in rows)
            {
                CheckIds(r, true);
                w.Write($"{r.ClaimedId} {r.ModelLabel ?? r.ClaimedId} {r.RealId} {r.Probe} {PythonFloat.Repr(r.Score)}\n");
            }
        });
    }

    /// <summary>A score as FaceSynth writes it: shortest round-trip digits, <c>nan</c>, <c>inf</c>, <c>-inf</c>.</summary>
    public static string FormatRoundTrip(double score) =>
        double.IsNaN(score) ? "nan"
        : double.IsPositiveInfinity(score) ? "inf"
        : double.IsNegativeInfinity(score) ? "-inf"
        : score.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A score as Python's <c>str(float)</c> prints it (bob.bio.base writers): 1.0, 1e-05, nan.</summary>
    public static string FormatPython(double score) => PythonFloat.Repr(score);

    private static void CheckIds(ScoreRow r, bool five)
    {
        foreach (var id in five ? new[] { r.ClaimedId, r.ModelLabel ?? r.ClaimedId, r.RealId, r.Probe } : [r.ClaimedId, r.RealId, r.Probe])
        {
            if (id.Length == 0 || id.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"id '{id}' is empty or contains whitespace; it cannot be written to a space-separated score file");
            }
        }
    }

    private static void WriteLines(string path, Action<TextWriter> write) =>
        AtomicFileWriter.Write(path, fs =>
        {
            using var w = new StreamWriter(fs, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            write(w);
        });
}
