using System.Globalization;

namespace FaceSynth.Metrics;

/// <summary>C printf conversions needed for byte-exact legacy reports.</summary>
internal static class CFormat
{
    /// <summary><c>"%.3f"</c>: exact binary value rounded half to even (.NET's "F3" does this).</summary>
    internal static string F3(double value) => Special(value) ?? value.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary><c>"%e"</c>: 6 decimals and an exponent of at least two digits (<c>-4.830500e-03</c>).</summary>
    internal static string E(double value)
    {
        var special = Special(value);
        if (special is not null)
        {
            return special;
        }

        // .NET prints "E-003"; rebuild the exponent with C's minimum of two digits.
        string s = value.ToString("E6", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E', StringComparison.Ordinal);
        int exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string sign = exponent < 0 ? "-" : "+";
        return string.Concat(s.AsSpan(0, e), "e", sign, Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
    }

    private static string? Special(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : null;
}
