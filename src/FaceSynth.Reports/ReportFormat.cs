using System.Globalization;

namespace FaceSynth.Reports;

/// <summary>Number formatting for human-readable tables (JSON keeps full precision; tables are for reading).</summary>
public static class ReportFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A rate as a percentage with 3 decimals (<c>1.234%</c>); "n/a" for NaN.</summary>
    public static string Percent(double rate) =>
        double.IsNaN(rate) ? "n/a" : (rate * 100).ToString("F3", Inv) + "%";

    /// <summary>A rate as a percentage with its counts (<c>1.234% (12/973)</c>).</summary>
    public static string PercentCount(double rate, long count, long total) =>
        $"{Percent(rate)} ({count.ToString(Inv)}/{total.ToString(Inv)})";

    /// <summary>A threshold or score: 6 significant digits, exponent form for very small or large magnitudes.</summary>
    public static string Number(double x)
    {
        if (double.IsNaN(x))
        {
            return "n/a";
        }

        if (double.IsInfinity(x))
        {
            return x > 0 ? "inf" : "-inf";
        }

        var ax = Math.Abs(x);
        return ax != 0 && (ax < 1e-4 || ax >= 1e6) ? x.ToString("0.#####e+0", Inv) : x.ToString("0.######", Inv);
    }

    /// <summary>A fraction in [0, 1] with 6 decimals (AUC, TAR).</summary>
    public static string Fraction(double x) => double.IsNaN(x) ? "n/a" : x.ToString("F6", Inv);

    /// <summary>A target rate in short form (0.1, 0.01, 1e-4, ...).</summary>
    public static string Target(double rate) =>
        rate >= 1e-3 ? rate.ToString("0.######", Inv) : rate.ToString("0e0", Inv);

    /// <summary>An integer count.</summary>
    public static string Count(long n) => n.ToString(Inv);
}
