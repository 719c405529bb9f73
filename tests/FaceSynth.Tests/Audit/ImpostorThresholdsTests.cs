using FaceSynth.Audit;
using FaceSynth.Embeddings;
using FaceSynth.Metrics;
using FaceSynth.Similarity;

namespace FaceSynth.Tests.Audit;

public class ImpostorThresholdsTests
{
    /// <summary>Integer-valued rows: every dot product is an exact small integer whatever the summation order, with many ties.</summary>
    private static AuditSet IntegerSet(int rows, int subjects, int seed)
    {
        var rng = new Random(seed);
        var m = new EmbeddingMatrix(rows, 8);
        for (int i = 0; i < m.Data.Length; i++)
        {
            m.Data[i] = rng.Next(-3, 4);
        }

        return new AuditSet(m, Enumerable.Range(0, rows).Select(i => "s" + (i % subjects)).ToArray(), source: "ints");
    }

    [Fact]
    public void Streamed_threshold_equals_bob_far_threshold_on_all_pairs_ties_included()
    {
        var set = IntegerSet(90, 9, 1);
        var imp = new List<double>();
        var gen = new List<double>();
        for (int i = 0; i < set.Rows; i++)
        {
            for (int j = i + 1; j < set.Rows; j++)
            {
                double s = 0;
                for (int t = 0; t < 8; t++)
                {
                    s += set.Embeddings[i, t] * set.Embeddings[j, t];
                }

                (set.Subjects![i] == set.Subjects[j] ? gen : imp).Add(s);
            }
        }

        double[] fmrs = [0, 1e-3, 0.01, 0.05, 0.2];
        var th = ImpostorThresholds.FromReference(set, fmrs);
        Assert.Equal((90 * 90 - (9 * 10 * 10)) / 2, imp.Count);
        for (int k = 0; k < fmrs.Length; k++)
        {
            double expected = BobMeasure.FarThreshold(imp.ToArray(), gen.ToArray(), fmrs[k]);
            Assert.Equal(expected, th[k].Tau);
            Assert.Equal(imp.Count(s => s >= expected) / (double)imp.Count, th[k].AchievedFmr, 15);
            Assert.Equal(gen.Count(s => s >= expected) / (double)gen.Count, th[k].Tmr, 15);
            Assert.Equal(imp.Count, th[k].ImpostorScores);
            Assert.Equal(fmrs[k] * imp.Count >= 10, th[k].Resolved);
        }
    }

    [Fact]
    public void Sampled_thresholds_do_not_depend_on_thread_count()
    {
        var set = IntegerSet(200, 20, 2);
        var one = ImpostorThresholds.FromReference(set, [0.01], maxPairs: 5000, options: new SimilarityOptions { Threads = 1 });
        var two = ImpostorThresholds.FromReference(set, [0.01], maxPairs: 5000, options: new SimilarityOptions { Threads = 2 });
        Assert.Equal(one[0], two[0]);
        Assert.Equal(5000, one[0].ImpostorScores);
    }

    [Fact]
    public void Fewer_than_two_subjects_is_a_clear_error()
    {
        var set = new AuditSet(AuditTestData.RandomUnit(5, 4, 3), ["a", "a", "a", "a", "a"], source: "ref.npy");
        var e = Assert.Throws<FaceSynthDataException>(() => ImpostorThresholds.FromReference(set, [0.01]));
        Assert.Contains("ref.npy", e.Message, StringComparison.Ordinal);
        Assert.Contains("two subjects", e.Message, StringComparison.Ordinal);
        Assert.Throws<FaceSynthDataException>(() => ImpostorThresholds.FromReference(IntegerSet(10, 2, 4), [1.5]));
    }

    [Fact]
    public void Float_ceiling_keeps_the_accept_rule_exact()
    {
        float s = 0.3f;
        double up = FmrThreshold.Up(s);
        Assert.True(FmrThreshold.CeilToFloat(up) > s);
        Assert.Equal(s, FmrThreshold.CeilToFloat(s));
    }

    [Theory]
    [InlineData(1e-6, 100_000)]
    [InlineData(1e-3, 500)]
    [InlineData(0.5, 3)]
    public void Null_rate_matches_the_closed_form(double f, long n) =>
        Assert.Equal(1 - Math.Pow(1 - f, n), NullModel.ExpectedRate(f, n), 10);
}
