using System.Text;

namespace FaceSynth.Scores;

/// <summary>Field splitting and decoding helpers for score text lines (bytes, no per-line allocation).</summary>
internal static class TextFields
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\v' or (byte)'\f';

    /// <summary>Splits on runs of ASCII whitespace; returns the total field count, storing at most <c>fields.Length</c>.</summary>
    public static int SplitWhitespace(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        int count = 0;
        int i = 0;
        while (true)
        {
            while (i < line.Length && IsSpace(line[i]))
            {
                i++;
            }

            if (i >= line.Length)
            {
                return count;
            }

            int start = i;
            while (i < line.Length && !IsSpace(line[i]))
            {
                i++;
            }

            if (count < fields.Length)
            {
                fields[count] = start..i;
            }

            count++;
        }
    }

    /// <summary>Splits on every single space (Python <c>csv.reader(delimiter=' ')</c> without quoting); empty fields count.</summary>
    public static int SplitSingleSpace(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        if (line.IsEmpty)
        {
            return 0;
        }

        int count = 0;
        int start = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i == line.Length || line[i] == (byte)' ')
            {
                if (count < fields.Length)
                {
                    fields[count] = start..i;
                }

                count++;
                start = i + 1;
            }
        }

        return count;
    }

    public static ReadOnlySpan<byte> TrimAscii(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && IsSpace(s[a]))
        {
            a++;
        }

        while (b > a && IsSpace(s[b - 1]))
        {
            b--;
        }

        return s[a..b];
    }

    /// <summary>Decodes strict UTF-8; throws a line-numbered error for invalid bytes.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string source, long line)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw FaceSynthDataException.AtLine(source, line, "text is not valid UTF-8");
        }
    }

    /// <summary>A short printable rendering of a field for error messages.</summary>
    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var s = Encoding.UTF8.GetString(bytes.Length > 60 ? bytes[..60] : bytes);
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('\'');
        foreach (char c in s)
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }

        sb.Append(bytes.Length > 60 ? "...'" : "'");
        return sb.ToString();
    }

    public static double ParseScore(ReadOnlySpan<byte> field, Utf8LineReader reader, string what)
    {
        if (!PythonFloat.TryParse(field, out double v))
        {
            throw FaceSynthDataException.AtLine(reader.Source, reader.LineNumber, $"{what} {Show(field)} is not a number (expected e.g. 0.25, -1e-3, nan, inf)");
        }

        return v;
    }
}
