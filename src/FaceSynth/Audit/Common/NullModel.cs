namespace FaceSynth.Audit;

/// <summary>Null expectations when every comparison is an impostor comparison (AUDIT.md 1.3).</summary>
public static class NullModel
{
    /// <summary>1 - (1 - f)^n, accurate for tiny f (computed as -expm1(n log1p(-f))).</summary>
    public static double ExpectedRate(double f, long n)
    {
        if (f <= 0 || n <= 0)
        {
            return 0;
        }

        if (f >= 1)
        {
            return 1;
        }

        return -ExpM1(n * Log1P(-f));
    }

    internal static double Log1P(double x) =>
        Math.Abs(x) < 1e-4 ? x - (x * x / 2) + (x * x * x / 3) - (x * x * x * x / 4) : Math.Log(1 + x);

    internal static double ExpM1(double y) =>
        Math.Abs(y) < 1e-5 ? y + (y * y / 2) + (y * y * y / 6) : Math.Exp(y) - 1;
}
