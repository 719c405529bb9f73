using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace FaceSynth.Server.Submissions;

/// <summary>
/// The submission score format: UTF-8 text, one similarity score per line (higher = more alike), in the order of the
/// benchmark's published pair list. Lines starting with <c>#</c> are comments; <c>#benchmark: ID</c> declares which
/// benchmark the file is for and is checked. Every score must be a finite number.
/// </summary>
public static class SubmissionScoreFile
{
    private const int MaxLineBytes = 256;

    /// <summary>Parses <paramref name="content"/> as the scores of benchmark <paramref name="benchmarkId"/> with <paramref name="expectedCount"/> pairs.</summary>
    /// <exception cref="FaceSynthDataException">What is wrong and where (line number or byte offset), phrased for the participant.</exception>
    public static double[] Parse(ReadOnlySpan<byte> content, string fileName, string benchmarkId, int expectedCount)
    {
        if (Utf8.IsValid(content) is false)
        {
            int bad = FirstInvalidUtf8(content);
            throw FaceSynthDataException.AtOffset(fileName, bad, "the file is not valid UTF-8 text; save it as UTF-8 (plain numbers, one per line)");
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }

        // Never allocate from an untrusted count: the expected count comes from the benchmark, the file may be longer.
        var scores = new double[expectedCount];
        int n = 0;
        long line = 0;
        while (!content.IsEmpty)
        {
            line++;
            int nl = content.IndexOf((byte)'\n');
            var raw = nl < 0 ? content : content[..nl];
            content = nl < 0 ? [] : content[(nl + 1)..];
            if (raw.Length > MaxLineBytes)
            {
                throw FaceSynthDataException.AtLine(fileName, line, $"line longer than {MaxLineBytes} bytes; expected one score per line");
            }

            var text = raw.Trim(" \t\r"u8);
            if (text.IsEmpty)
            {
                if (content.IsEmpty)
                {
                    break;
                }

                throw FaceSynthDataException.AtLine(fileName, line, "empty line; every line must hold the score of one pair, in the order of the pair list");
            }

            if (text[0] == (byte)'#')
            {
                CheckComment(text, fileName, line, benchmarkId);
                continue;
            }

            if (!TryParseNumber(text, out double v))
            {
                throw FaceSynthDataException.AtLine(fileName, line, $"'{Show(text)}' is not a number; expected one score per line such as 0.4231 or -1.5e-2");
            }

            if (!double.IsFinite(v))
            {
                throw FaceSynthDataException.AtLine(fileName, line, $"score '{Show(text)}' is not finite; every pair needs a real score (give a failed comparison the lowest score instead of NaN)");
            }

            if (n == expectedCount)
            {
                throw new FaceSynthDataException(fileName, $"more than {expectedCount} scores (line {line}); benchmark '{benchmarkId}' has {expectedCount} pairs, one score per pair - is this the file of another benchmark?");
            }

            scores[n++] = v;
        }

        if (n != expectedCount)
        {
            throw new FaceSynthDataException(fileName, $"{n} scores, but benchmark '{benchmarkId}' has {expectedCount} pairs; write one score per pair, in the order of its pair list - is this the file of another benchmark?");
        }

        return scores;
    }

    private static void CheckComment(ReadOnlySpan<byte> text, string fileName, long line, string benchmarkId)
    {
        var body = Encoding.UTF8.GetString(text[1..]).Trim();
        const string Key = "benchmark";
        if (!body.StartsWith(Key, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var rest = body[Key.Length..].TrimStart();
        if (rest.Length == 0 || rest[0] is not (':' or '='))
        {
            return;
        }

        var declared = rest[1..].Trim();
        if (!string.Equals(declared, benchmarkId, StringComparison.Ordinal))
        {
            throw FaceSynthDataException.AtLine(fileName, line, $"the file declares benchmark '{declared}' but was submitted as '{benchmarkId}'; name each file after its benchmark (<id>.txt)");
        }
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> s, out double value)
    {
        if (Utf8Parser.TryParse(s, out value, out int consumed) && consumed == s.Length)
        {
            return true;
        }

        Span<char> chars = stackalloc char[MaxLineBytes];
        int len = Encoding.UTF8.GetChars(s, chars);
        return double.TryParse(chars[..len], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static string Show(ReadOnlySpan<byte> s)
    {
        var t = Encoding.UTF8.GetString(s.Length > 40 ? s[..40] : s);
        var sb = new StringBuilder(t.Length);
        foreach (char c in t)
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }

        return s.Length > 40 ? sb + "..." : sb.ToString();
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> s)
    {
        var status = Utf8.ToUtf16(s, new char[s.Length], out int read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? s.Length : read;
    }
}
