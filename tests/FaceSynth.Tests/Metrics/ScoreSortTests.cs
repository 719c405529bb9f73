using FaceSynth.Metrics;

namespace FaceSynth.Tests.Metrics;

public class ScoreSortTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { "normal", 100 },
        { "normal", 50_000 },
        { "normal", 1_000_003 },
        { "ties", 400_000 },
        { "outliers", 400_000 },
        { "signedZeros", 200_000 },
        { "infinities", 400_001 },
        { "twoValues", 400_000 },
        { "allEqual", 100_000 },
        { "tinyAndHuge", 400_002 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheRuntimeSort(string kind, int n)
    {
        var values = Make(kind, n, seed: n + kind.Length);
        var expected = (double[])values.Clone();
        Array.Sort(expected);
        ScoreSort.SortInPlace(values, threads: 2);

        // Array.Sort may order -0.0 and +0.0 either way; both sorts must agree on every value.
        for (int i = 0; i < n; i++)
        {
            Assert.True(expected[i] == values[i], $"{kind}: index {i}: expected {expected[i]}, got {values[i]}");
        }

        Assert.Equal(Bits(expected.Where(v => v != 0)), Bits(values.Where(v => v != 0)));
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheResult()
    {
        var a = Make("normal", 500_001, 7);
        var b = (double[])a.Clone();
        var c = (double[])a.Clone();
        ScoreSort.SortInPlace(a, threads: 1);
        ScoreSort.SortInPlace(b, threads: 2);
        ScoreSort.SortInPlace(c, threads: 3);
        Assert.Equal(Bits(a), Bits(c));
        Assert.Equal(Bits(a), Bits(b));
    }

    [Fact]
    public void NaNIsRefused()
    {
        var a = Make("normal", 100_000, 3);
        a[5000] = double.NaN;
        Assert.Throws<ArgumentException>(() => ScoreSort.SortInPlace(a));
    }

    private static long[] Bits(IEnumerable<double> v) => [.. v.Select(BitConverter.DoubleToInt64Bits)];

    private static double[] Make(string kind, int n, int seed)
    {
        var rng = new Random(seed);
        var a = new double[n];
        for (int i = 0; i < n; i++)
        {
            double g = Gaussian(rng);
            a[i] = kind switch
            {
                "normal" => 0.1 * g,
                "ties" => Math.Round(g * 20) / 20,
                "outliers" => i % 100_000 == 0 ? 1e300 * g : 0.05 * g,
                "signedZeros" => rng.Next(4) switch { 0 => 0.0, 1 => -0.0, _ => g },
                "infinities" => i % 1000 == 0 ? (g > 0 ? double.PositiveInfinity : double.NegativeInfinity) : g,
                "twoValues" => rng.Next(2) == 0 ? -1.5 : 2.25,
                "allEqual" => 0.75,
                "tinyAndHuge" => rng.Next(3) switch { 0 => g * 1e-300, 1 => g * 1e300, _ => g },
                _ => throw new ArgumentException(kind),
            };
        }

        return a;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
