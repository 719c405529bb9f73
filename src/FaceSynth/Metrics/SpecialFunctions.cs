namespace FaceSynth.Metrics;

/// <summary>
/// Log-gamma and the regularised incomplete beta function with its inverse, accurate to about 1e-13
/// (enough for Clopper-Pearson intervals on counts up to 1e9). Large parameters use Stirling's series
/// and Loader's deviance form so that no precision is lost to cancelling log-gamma values.
/// </summary>
public static class SpecialFunctions
{
    private const double HalfLog2Pi = 0.91893853320467274178;
    private const double LargeArgument = 10.0;

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos g = 7 below 10, Stirling's series above).</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma needs x > 0");
        }

        if (x >= LargeArgument)
        {
            return ((x - 0.5) * Math.Log(x)) - x + HalfLog2Pi + StirlingError(x);
        }

        if (x < 0.5)
        {
            // Reflection keeps the series in its accurate range.
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        double z = x - 1;
        double sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (z + i);
        }

        double t = z + 7.5;
        return HalfLog2Pi + ((z + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), without cancellation when one argument is large.</summary>
    public static double LogBeta(double a, double b)
    {
        RequireShape(a, b);
        double small = Math.Min(a, b), big = Math.Max(a, b), s = small + big;
        if (small >= LargeArgument)
        {
            return (-small * Log1p(big / small)) - (big * Log1p(small / big))
                + (0.5 * Math.Log(2 * Math.PI * s / small / big))
                + StirlingError(small) + StirlingError(big) - StirlingError(s);
        }

        if (big >= LargeArgument)
        {
            // ln Γ(big) - ln Γ(small + big) by Stirling's formula, then add ln Γ(small).
            double diff = (-(big - 0.5) * Log1p(small / big)) - (small * Math.Log(s)) + small
                + StirlingError(big) - StirlingError(s);
            return LogGamma(small) + diff;
        }

        return LogGamma(a) + LogGamma(b) - LogGamma(s);
    }

    /// <summary>Regularised incomplete beta I_x(a, b) for a, b &gt; 0 (continued fraction, modified Lentz).</summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        RequireShape(a, b);
        if (double.IsNaN(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must be in [0, 1]");
        }

        if (x <= 0)
        {
            return 0.0;
        }

        if (x >= 1)
        {
            return 1.0;
        }

        // Both logarithms come from the caller's x, so ln(1 - x) keeps its precision for small x.
        double y = 1 - x, lnx = Math.Log(x), lny = Log1p(-x);
        if (x < (a + 1) / (a + b + 2))
        {
            return Math.Exp(LogFront(a, b, x, y, lnx, lny)) * ContinuedFraction(a, b, x) / a;
        }

        return 1.0 - (Math.Exp(LogFront(b, a, y, x, lny, lnx)) * ContinuedFraction(b, a, y) / b);
    }

    /// <summary>The x in [0, 1] with I_x(a, b) = p (Newton steps safeguarded by bisection).</summary>
    public static double InverseRegularizedIncompleteBeta(double a, double b, double p)
    {
        RequireShape(a, b);
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in [0, 1]");
        }

        if (p == 0)
        {
            return 0.0;
        }

        if (p == 1)
        {
            return 1.0;
        }

        double x = Math.Clamp(InitialGuess(a, b, p), double.Epsilon, 1 - ScoreMath.MachineEpsilon);
        double lo = 0, hi = 1;
        for (int iter = 0; iter < 300; iter++)
        {
            double f = RegularizedIncompleteBeta(a, b, x) - p;
            if (f == 0)
            {
                return x;
            }

            if (f < 0)
            {
                lo = x;
            }
            else
            {
                hi = x;
            }

            // d/dx I_x(a, b) = x^(a-1) (1-x)^(b-1) / B(a, b) = front / (x (1 - x)).
            double density = Math.Exp(LogFront(a, b, x, 1 - x, Math.Log(x), Log1p(-x))) / (x * (1 - x));
            double next = x - (f / density);
            if (!(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }

            if (Math.Abs(next - x) <= 1e-15 * x || hi - lo <= 1e-16 * hi)
            {
                return next;
            }

            x = next;
        }

        return x;
    }

    /// <summary>ln( x^a (1-x)^b / B(a, b) ).</summary>
    private static double LogFront(double a, double b, double x, double y, double lnx, double lny)
    {
        if (a >= LargeArgument && b >= LargeArgument)
        {
            double s = a + b;
            return (0.5 * Math.Log(a / (2 * Math.PI * s) * b)) - Bd0(a, s * x) - Bd0(b, s * y)
                + StirlingError(s) - StirlingError(a) - StirlingError(b);
        }

        return (a * lnx) + (b * lny) - LogBeta(a, b);
    }

    /// <summary>ln(1 + x), accurate for small |x| (.NET's LogP1 is not).</summary>
    internal static double Log1p(double x)
    {
        double u = 1 + x;
        if (u == 1)
        {
            return x;
        }

        // The rounding error of u cancels in the ratio (Goldberg 1991).
        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>Loader's deviance term <c>x ln(x / m) + m - x</c>, accurate when x is close to m.</summary>
    private static double Bd0(double x, double m)
    {
        if (Math.Abs(x - m) < 0.1 * (x + m))
        {
            double v = (x - m) / (x + m);
            double s = (x - m) * v;
            double ej = 2 * x * v;
            double v2 = v * v;
            for (int j = 1; j < 1000; j++)
            {
                ej *= v2;
                double s1 = s + (ej / ((2 * j) + 1));
                if (s1 == s)
                {
                    return s1;
                }

                s = s1;
            }

            return s;
        }

        return (x * Math.Log(x / m)) + m - x;
    }

    /// <summary>ln Γ(x) - [(x - 1/2) ln x - x + ln √(2π)] for x &gt;= 10 (Stirling's series).</summary>
    private static double StirlingError(double x)
    {
        double r = 1 / x, r2 = r * r;
        return r * ((1.0 / 12) - (r2 * ((1.0 / 360) - (r2 * ((1.0 / 1260) - (r2 * ((1.0 / 1680)
            - (r2 * ((1.0 / 1188) - (r2 * ((691.0 / 360360) - (r2 / 156))))))))))));
    }

    private static double ContinuedFraction(double a, double b, double x)
    {
        const double Tiny = 1e-300;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - (qab * x / qap);
        if (Math.Abs(d) < Tiny)
        {
            d = Tiny;
        }

        d = 1 / d;
        double h = d;
        int maxIter = 1000 + (int)Math.Min(1e7, 10 * Math.Sqrt(Math.Max(a, b)));
        for (int m = 1; m <= maxIter; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) <= 2 * ScoreMath.MachineEpsilon)
            {
                break;
            }
        }

        return h;
    }

    private static double InitialGuess(double a, double b, double p)
    {
        if (a >= 1 && b >= 1)
        {
            // Normal approximation (Abramowitz and Stegun 26.5.22).
            double pp = p < 0.5 ? p : 1 - p;
            double t = Math.Sqrt(-2 * Math.Log(pp));
            double z = ((2.30753 + (t * 0.27061)) / (1 + (t * (0.99229 + (t * 0.04481))))) - t;
            if (p < 0.5)
            {
                z = -z;
            }

            double al = ((z * z) - 3) / 6;
            double h = 2 / ((1 / ((2 * a) - 1)) + (1 / ((2 * b) - 1)));
            double w = (z * Math.Sqrt(al + h) / h)
                - (((1 / ((2 * b) - 1)) - (1 / ((2 * a) - 1))) * (al + (5.0 / 6) - (2 / (3 * h))));
            return a / (a + (b * Math.Exp(2 * w)));
        }

        // Power-law tails of I near 0 and 1.
        double lna = Math.Log(a / (a + b)), lnb = Math.Log(b / (a + b));
        double ta = Math.Exp(a * lna) / a, ub = Math.Exp(b * lnb) / b, sum = ta + ub;
        return p < ta / sum ? Math.Pow(a * sum * p, 1 / a) : 1 - Math.Pow(b * sum * (1 - p), 1 / b);
    }

    private static void RequireShape(double a, double b)
    {
        if (!(a > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "a must be > 0");
        }

        if (!(b > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "b must be > 0");
        }
    }
}
