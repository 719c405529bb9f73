using System.Text;

namespace FaceSynth.Synthesis;

/// <summary>
/// FaceSynth's counter-based random streams (SYNTHESIS.md 2.2): SplitMix64 seeding of a xoshiro256** generator
/// keyed by (seed, stream name, i, j), so every row of every iteration has its own reproducible stream.
/// </summary>
public struct SynthRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    /// <summary>The stream <c>Stream(seed, name, i, j)</c>.</summary>
    public SynthRandom(ulong seed, string name, ulong i = 0, ulong j = 0)
    {
        ulong k = Mix64(seed ^ Tag(name));
        k = Mix64(k ^ i);
        k = Mix64(k ^ j);
        _s0 = SplitMix64(ref k);
        _s1 = SplitMix64(ref k);
        _s2 = SplitMix64(ref k);
        _s3 = SplitMix64(ref k);
        _spare = 0;
        _hasSpare = false;
    }

    /// <summary>One SplitMix64 step: advances <paramref name="state"/> and returns the output.</summary>
    public static ulong SplitMix64(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>The output of one SplitMix64 step from state <paramref name="z"/>.</summary>
    public static ulong Mix64(ulong z) => SplitMix64(ref z);

    /// <summary>FNV-1a 64 of the UTF-8 bytes of <paramref name="name"/>.</summary>
    public static ulong Tag(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            h = unchecked((h ^ b) * 0x100000001B3UL);
        }

        return h;
    }

    /// <summary>Next 64 random bits (xoshiro256**).</summary>
    public ulong Next()
    {
        unchecked
        {
            ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Box-Muller on pairs (cosine value first, then the sine value).</summary>
    public double Normal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u1 = 1.0 - Uniform();
        double u2 = Uniform();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = r * Math.Sin(2.0 * Math.PI * u2);
        _hasSpare = true;
        return r * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="values"/> with standard normals.</summary>
    public void FillNormal(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)Normal();
        }
    }

    /// <summary>Gamma(a, 1) by Marsaglia and Tsang (2000); shapes below 1 use Gamma(a + 1) U^(1/a).</summary>
    public double Gamma(double a)
    {
        if (!(a > 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "Gamma shape must be > 0");
        }

        if (a < 1.0)
        {
            double g = Gamma(a + 1.0);
            return g * Math.Pow(1.0 - Uniform(), 1.0 / a);
        }

        double d = a - (1.0 / 3.0);
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1.0 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            double u = Uniform();
            if (u < 1.0 - (0.0331 * x * x * x * x))
            {
                return d * v;
            }

            if (Math.Log(u) < (0.5 * x * x) + (d * (1.0 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>Beta(a, b) = Ga / (Ga + Gb).</summary>
    public double Beta(double a, double b)
    {
        double ga = Gamma(a);
        double gb = Gamma(b);
        return ga / (ga + gb);
    }
}
