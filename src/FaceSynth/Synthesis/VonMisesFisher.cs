namespace FaceSynth.Synthesis;

/// <summary>von Mises-Fisher helpers on S^(d-1) (SYNTHESIS.md 4.2).</summary>
public static class VonMisesFisher
{
    /// <summary>
    /// Mean cosine to the mean direction, A_d(kappa) = I_{d/2}(kappa) / I_{d/2-1}(kappa), by the continued fraction
    /// r_nu = 1 / (2 nu / kappa + r_{nu+1}) evaluated with the modified Lentz method (relative 1e-15).
    /// </summary>
    public static double MeanCos(int d, double kappa)
    {
        if (kappa <= 0)
        {
            return 0;
        }

        const double Tiny = 1e-300;
        double nu = d / 2.0;
        double f = Tiny, c = Tiny, dd = 0;
        for (int j = 1; j < 1_000_000; j++)
        {
            double b = 2 * (nu + j - 1) / kappa;
            dd = b + dd;
            if (dd == 0)
            {
                dd = Tiny;
            }

            c = b + (1 / c);
            if (c == 0)
            {
                c = Tiny;
            }

            dd = 1 / dd;
            double delta = c * dd;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return f;
    }

    /// <summary>Concentration kappa with A_d(kappa) = <paramref name="meanCos"/> (Banerjee start, Newton).</summary>
    public static double KappaForMeanCos(int d, double meanCos)
    {
        if (!(meanCos > 0 && meanCos < 1))
        {
            throw new FaceSynthDataException("--target-cos", $"must be in (0, 1), got {meanCos}");
        }

        double k = meanCos * (d - (meanCos * meanCos)) / (1 - (meanCos * meanCos));
        for (int it = 0; it < 200; it++)
        {
            double a = MeanCos(d, k);
            double err = a - meanCos;
            if (Math.Abs(err) < 1e-12)
            {
                break;
            }

            double deriv = 1 - (a * a) - ((d - 1) * a / k);
            double next = k - (err / deriv);
            while (next <= 0)
            {
                next = k / 2;
            }

            k = next;
        }

        return k;
    }

    /// <summary>One draw around unit <paramref name="mu"/> (Wood 1994) from <paramref name="rng"/> into <paramref name="output"/>.</summary>
    public static void Sample(ReadOnlySpan<float> mu, double kappa, ref SynthRandom rng, Span<float> output)
    {
        int d = mu.Length;
        double w;
        if (kappa <= 0)
        {
            w = (2 * rng.Beta((d - 1) / 2.0, (d - 1) / 2.0)) - 1;
        }
        else
        {
            double b = (d - 1) / ((2 * kappa) + Math.Sqrt((4 * kappa * kappa) + ((double)(d - 1) * (d - 1))));
            double x0 = (1 - b) / (1 + b);
            double c0 = (kappa * x0) + ((d - 1) * Math.Log(1 - (x0 * x0)));
            while (true)
            {
                double z = rng.Beta((d - 1) / 2.0, (d - 1) / 2.0);
                double u = rng.Uniform();
                w = (1 - ((1 + b) * z)) / (1 - ((1 - b) * z));
                if ((kappa * w) + ((d - 1) * Math.Log(1 - (x0 * w))) - c0 >= Math.Log(u))
                {
                    break;
                }
            }
        }

        do
        {
            rng.FillNormal(output);
            SphereMath.ProjectTangent(output, mu);
        }
        while (!SphereMath.Normalize(output));

        float sw = (float)Math.Sqrt(Math.Max(0, 1 - (w * w)));
        for (int k = 0; k < d; k++)
        {
            output[k] = ((float)w * mu[k]) + (sw * output[k]);
        }

        SphereMath.Normalize(output);
    }
}
