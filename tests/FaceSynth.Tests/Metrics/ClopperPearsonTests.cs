using FaceSynth.Metrics;

namespace FaceSynth.Tests.Metrics;

/// <summary>Clopper-Pearson intervals and the incomplete beta function behind them (EVALUATION 2.10).</summary>
public class ClopperPearsonTests
{
    [Theory]
    [InlineData(1, 2, 0.01257911709342505, 0.98742088290657493)]
    [InlineData(10, 10, 0.69150289218123917, 1.0)]
    [InlineData(0, 10, 0.0, 0.30849710781876077)]
    public void UpstreamRows(long x, long n, double lower, double upper)
    {
        var ci = ClopperPearson.Interval(x, n);
        Near.Close(lower, ci.Lower, 1e-5, 1e-8, "lower");
        Near.Close(upper, ci.Upper, 1e-5, 1e-8, "upper");
    }

    // Expected values from scipy.stats.beta.ppf (a second implementation), to 1e-10 relative.
    [Theory]
    [InlineData(31, 495, 0.04294448636344662, 0.08771807026841455)]
    [InlineData(3, 7, 0.09898827844250786, 0.8159484323599169)]
    [InlineData(999, 1000, 0.9944410757201734, 0.9999746825125088)]
    public void MatchesScipyToTenDigits(long x, long n, double lower, double upper)
    {
        var ci = ClopperPearson.Interval(x, n);
        Near.Close(lower, ci.Lower, 1e-10, 1e-300, "lower");
        Near.Close(upper, ci.Upper, 1e-10, 1e-300, "upper");
    }

    // 100 million trials: expected values from 40-digit mpmath quadrature and root finding
    // (scipy itself is off by up to 1e-9 relative here).
    [Theory]
    [InlineData(1, 100000000, 2.5317807981084918398e-10, 5.5716432635810668418e-8)]
    [InlineData(10000, 100000000, 0.00009804961980639144808, 0.00010197941530911171403)]
    [InlineData(50000000, 100000000, 0.49990199680195927761, 0.50009800319804072239)]
    public void HundredMillionTrials(long x, long n, double lower, double upper)
    {
        var ci = ClopperPearson.Interval(x, n);
        Near.Close(lower, ci.Lower, 5e-10, 1e-300, "lower");
        Near.Close(upper, ci.Upper, 5e-10, 1e-300, "upper");
    }

    [Fact]
    public void ClosedFormsOfTheIncompleteBeta()
    {
        // I_x(1, b) = 1 - (1 - x)^b and I_x(a, 1) = x^a; the lower bound for x = 1 is 1 - (1 - alpha/2)^(1/n).
        foreach (double x in new[] { 1e-6, 0.01, 0.3, 0.5, 0.77, 0.999 })
        {
            Near.Close(1 - Math.Pow(1 - x, 7), SpecialFunctions.RegularizedIncompleteBeta(1, 7, x), 1e-13, 1e-15, "I(1,7)");
            Near.Close(Math.Pow(x, 4.5), SpecialFunctions.RegularizedIncompleteBeta(4.5, 1, x), 1e-13, 1e-300, "I(4.5,1)");
        }

        Near.Close(1 - Math.Sqrt(0.975), ClopperPearson.Interval(1, 2).Lower, 1e-12, 0, "lower(1,2)");
        Near.Close(0.2967529892956661, SpecialFunctions.RegularizedIncompleteBeta(2.5, 3.5, 0.3), 1e-12, 0, "scipy betainc");
        Near.Close(0.50930785616320265844, SpecialFunctions.RegularizedIncompleteBeta(1e4, 1e8, 1.0001e-4), 0, 1e-9, "large (mpmath)");
        Near.Close(0.06376856085851987, SpecialFunctions.RegularizedIncompleteBeta(0.5, 0.5, 0.01), 1e-12, 0, "arcsine");
    }

    [Fact]
    public void InverseRoundTrips()
    {
        foreach (var (a, b) in new[] { (0.5, 0.5), (1.0, 3.0), (2.5, 40.0), (300.0, 7.0), (1e5, 2e5) })
        {
            // Near p = 1 the root lies closer to 1 than doubles can resolve, so stop at 1 - 1e-6.
            foreach (double p in new[] { 1e-9, 0.025, 0.3, 0.5, 0.975, 1 - 1e-6 })
            {
                double x = SpecialFunctions.InverseRegularizedIncompleteBeta(a, b, p);
                Near.Close(p, SpecialFunctions.RegularizedIncompleteBeta(a, b, x), 1e-9, 1e-14, $"I({a},{b})");
            }
        }
    }

    [Fact]
    public void LogGammaMatchesFactorials()
    {
        double factorial = 1;
        for (int n = 1; n <= 25; n++)
        {
            Near.Close(Math.Log(factorial), SpecialFunctions.LogGamma(n), 1e-14, 1e-14, $"lgamma({n})");
            factorial *= n;
        }

        Near.Close(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 1e-14, 0, "lgamma(1/2)");
    }

    [Fact]
    public void InvalidCountsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClopperPearson.Interval(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClopperPearson.Interval(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClopperPearson.Interval(1, 2, 1.5));
    }
}
