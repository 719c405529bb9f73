using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace FaceSynth.Scores;

/// <summary>
/// Python <c>float()</c> syntax (FORMATS.md 1): decimal/exponent notation, case-insensitive <c>nan</c>,
/// <c>inf</c>, <c>infinity</c> with optional sign, and underscores between digits; invariant culture.
/// Also Python's <c>repr(float)</c> for writers that must match Python output.
/// </summary>
internal static class PythonFloat
{
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static bool TryParse(ReadOnlySpan<byte> s, out double value)
    {
        // Utf8Parser is about twice as fast as double.TryParse and equally correctly rounded; it must
        // consume the whole field, anything it leaves goes to the general parser.
        if (s.Length > 0 && IsPlainNumberStart(s[0]))
        {
            if (Utf8Parser.TryParse(s, out value, out int consumed) && consumed == s.Length)
            {
                return true;
            }

            if (double.TryParse(s, Style, CultureInfo.InvariantCulture, out value))
            {
                return true;
            }
        }

        return TryParseSlow(s, out value);
    }

    public static bool TryParse(ReadOnlySpan<char> s, out double value)
    {
        Span<byte> bytes = stackalloc byte[128];
        s = s.Trim();
        if (s.Length > bytes.Length)
        {
            value = 0;
            return false;
        }

        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] > 127)
            {
                value = 0;
                return false;
            }

            bytes[i] = (byte)s[i];
        }

        return TryParse(bytes[..s.Length], out value);
    }

    /// <summary>Python's <c>repr(x)</c> / <c>str(x)</c> of a float: shortest round-trip digits, e.g. 1.0, 1e-05, nan.</summary>
    public static string Repr(double x)
    {
        if (double.IsNaN(x))
        {
            return "nan";
        }

        if (double.IsInfinity(x))
        {
            return x > 0 ? "inf" : "-inf";
        }

        var r = x.ToString("R", CultureInfo.InvariantCulture);
        bool negative = r[0] == '-';
        if (negative)
        {
            r = r[1..];
        }

        int e = r.IndexOfAny(['E', 'e']);
        int exp = e >= 0 ? int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var mant = e >= 0 ? r[..e] : r;
        int dot = mant.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot >= 0 ? mant[..dot] : mant;
        string frac = dot >= 0 ? mant[(dot + 1)..] : string.Empty;
        string digits = intPart + frac;
        int pointPos = intPart.Length + exp; // value = 0.digits x 10^pointPos after stripping leading zeros
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits[lead..];
        pointPos -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        int dec = pointPos - 1; // exponent of the first digit
        var sb = new StringBuilder(32);
        if (negative)
        {
            sb.Append('-');
        }

        if (dec is >= -4 and < 16)
        {
            if (pointPos <= 0)
            {
                sb.Append("0.").Append('0', -pointPos).Append(digits);
            }
            else if (pointPos >= digits.Length)
            {
                sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits.AsSpan(0, pointPos)).Append('.').Append(digits.AsSpan(pointPos));
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits.AsSpan(1));
            }

            sb.Append('e').Append(dec < 0 ? '-' : '+').Append(Math.Abs(dec).ToString("00", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static bool IsPlainNumberStart(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'+' or (byte)'.';

    private static bool TryParseSlow(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 400)
        {
            return false;
        }

        int i = 0;
        bool negative = false;
        if (s[0] is (byte)'+' or (byte)'-')
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        var rest = s[i..];
        if (EqualsIgnoreCase(rest, "inf"u8) || EqualsIgnoreCase(rest, "infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (EqualsIgnoreCase(rest, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        // Python allows single underscores between digits ("1_000.5").
        if (rest.IndexOf((byte)'_') < 0)
        {
            return false;
        }

        Span<byte> clean = stackalloc byte[s.Length];
        int n = 0;
        for (int k = 0; k < s.Length; k++)
        {
            if (s[k] == (byte)'_')
            {
                if (k == 0 || k == s.Length - 1 || !char.IsAsciiDigit((char)s[k - 1]) || !char.IsAsciiDigit((char)s[k + 1]))
                {
                    return false;
                }

                continue;
            }

            clean[n++] = s[k];
        }

        return double.TryParse(clean[..n], Style, CultureInfo.InvariantCulture, out value);
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> lower)
    {
        if (a.Length != lower.Length)
        {
            return false;
        }

        for (int k = 0; k < a.Length; k++)
        {
            if ((a[k] | 0x20) != lower[k])
            {
                return false;
            }
        }

        return true;
    }
}
