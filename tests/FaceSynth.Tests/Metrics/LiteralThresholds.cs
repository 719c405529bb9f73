namespace FaceSynth.Tests.Metrics;

/// <summary>
/// The threshold walks of EVALUATION 2.2 / 2.3 written literally from the pseudo-code (linear
/// scans), as a second method against which the library's binary-search version is checked.
/// </summary>
internal static class LiteralThresholds
{
    public static double Up(double x) => x + 1 > x ? Math.BitIncrement(x) : x;

    public static double Down(double x) => x - 1 < x ? Math.BitDecrement(x) : x;

    public static double Far(double[] neg, double v)
    {
        var s = neg.OrderBy(x => x).ToArray();
        if (v >= 1 - 2.220446049250313e-16)
        {
            return Down(s[0]);
        }

        var d = s.Reverse().ToArray();
        int n = d.Length;
        double result = Up(d[0]);
        int i = 0;
        while (i < n)
        {
            double cur = d[i];
            while (i + 1 < n && d[i + 1] == cur)
            {
                i++;
            }

            if ((double)(i + 1) / n > v)
            {
                break;
            }

            result = cur;
            i++;
        }

        return result;
    }

    public static double Frr(double[] pos, double v, bool v3 = false)
    {
        var s = pos.OrderBy(x => x).ToArray();
        int n = s.Length;
        if (v >= 1 - 2.220446049250313e-16)
        {
            return Up(s[n - 1]);
        }

        double result = v3 ? s[0] : Up(s[0]);
        int i = 0;
        while (i < n)
        {
            double cur = s[i];
            while (i + 1 < n && s[i + 1] == cur)
            {
                i++;
            }

            if ((double)i / n > v)
            {
                break;
            }

            result = cur;
            i++;
        }

        return result;
    }
}
