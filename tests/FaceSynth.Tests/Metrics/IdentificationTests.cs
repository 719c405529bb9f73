using FaceSynth.Metrics;
using FaceSynth.Scores;

namespace FaceSynth.Tests.Metrics;

/// <summary>CMC, recognition rate, DIR and false alarm rate (EVALUATION 2.9, 6.2).</summary>
public class IdentificationTests
{
    private static ProbeScores P(double[]? neg, double[]? pos) => new("p", neg, pos);

    [Fact]
    public void ToyCmc()
    {
        var probes = new[]
        {
            P([.3, 1.1, .5], [.7]),
            P([1.4, -1.3, .6], [.2]),
            P([.8, 0, 1.5], [-.8, 1.8]),
            P([2, 1.3, 1.6, .9], [2.4]),
        };
        Assert.Equal(0.5, Identification.RecognitionRate(probes));
        Assert.Equal([0.5, 0.75, 1, 1, 1], Identification.Cmc(probes));
    }

    [Fact]
    public void TestCmcReferenceFile()
    {
        var neg = RefData.Read2D(RefData.V6("test-cmc.data-neg.txt"));
        var pos = RefData.Read2D(RefData.V6("test-cmc.data-pos.txt"));
        var probes = neg.Zip(pos, (n, p) => P(n, p)).ToList();
        Assert.Equal(0.76, Identification.RecognitionRate(probes));
        double[] expected = [0.76, 0.89, 0.96, 0.98, .. Enumerable.Repeat(1.0, 16)];
        Assert.Equal(expected, Identification.Cmc(probes));
    }

    [Theory]
    [InlineData("test0-open-set.txt", 1.0, 0.0, 7.0 / 9, 1.0)]
    [InlineData("test1-open-set.txt", 6.0 / 7, 0.0, 6.0 / 9, 6.0 / 7)]
    [InlineData("test2-open-set.txt", 6.0 / 7, 0.5, 6.0 / 9, 6.0 / 8)]
    public void OpenSetReferenceFiles(string file, double dir, double fa, double rr, double rrAtHalf)
    {
        var probes = RefData.ReadOpenSet(RefData.V6(file));
        Assert.Equal(dir, Identification.DetectionIdentificationRate(probes, 0.5), 1e-8);
        Assert.Equal(fa, Identification.FalseAlarmRate(probes, 0.5), 1e-8);
        Assert.Equal(rr, Identification.RecognitionRate(probes), 1e-8);
        Assert.Equal(rrAtHalf, Identification.RecognitionRate(probes, 0.5), 1e-8);
    }

    [Fact]
    public void ThresholdFilteringIsStrictForRecognitionButNotForDir()
    {
        var probes = new[] { P([0.2], [0.5]), P([0.5], null) };

        // Scores equal to t are dropped by recognition_rate: the known probe loses its positive
        // (counted, wrong) and the unknown probe has nothing left (correct rejection, not counted).
        Assert.Equal(0.0, Identification.RecognitionRate(probes, 0.5));

        // DIR and FA accept at >= t.
        Assert.Equal(1.0, Identification.DetectionIdentificationRate(probes, 0.5));
        Assert.Equal(1.0, Identification.FalseAlarmRate(probes, 0.5));
    }

    [Fact]
    public void RanksCountTiesAgainstTheGenuine()
    {
        var probes = new[] { P([1.0, 0.1], [1.0]), P(null, [0.3]), P([], [0.3]) };
        Assert.Equal([2.0 / 3, 1, 1], Identification.Cmc(probes));
        Assert.Equal(1.0, Identification.RecognitionRate(probes, rank: 2));
        Assert.Equal(2.0 / 3, Identification.DetectionIdentificationRate(probes, 0.0));
    }

    [Fact]
    public void EdgeCases()
    {
        Assert.Equal(0.0, Identification.RecognitionRate([]));
        Assert.Equal(0.0, Identification.DetectionIdentificationRate([P([1], null)], 0));
        Assert.Equal(0.0, Identification.FalseAlarmRate([P([1], [2])], 0));
        Assert.Throws<ArgumentException>(() => Identification.Cmc([P([1], null)]));
        Assert.Throws<ArgumentException>(() => Identification.Cmc([]));
        Assert.Throws<ArgumentException>(() => Identification.RecognitionRate([P(null, [])]));
        Assert.Throws<ArgumentException>(() => Identification.FalseAlarmRate([P([], null)], 0));
    }
}
