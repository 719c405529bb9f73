using System.Text.Json;
using FaceSynth.Metrics;
using FaceSynth.Metrics.Bucketed;
using FaceSynth.Protocols;
using FaceSynth.Scores;

namespace FaceSynth.Tests.Metrics.Bucketed;

/// <summary>
/// The bucketed ordering must give SortedScores' numbers bit for bit: every case here is computed both ways
/// (full sort, the reference, and buckets) and compared as round-trip JSON.
/// </summary>
public class BucketedScoresTests
{
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Generators.Keys)
        {
            foreach (int buckets in new[] { 4, 7, 61, 1024 })
            {
                data.Add(name, buckets);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<Random, (double[] Neg, double[] Pos)>> Generators = new()
    {
        ["normal"] = r => (Normal(r, 5000, 0, 1), Normal(r, 300, 2, 1)),
        ["overlapping"] = r => (Normal(r, 4000, 0, 1), Normal(r, 3000, 0.2, 1)),
        ["rounded ties"] = r => (Round(Normal(r, 6000, 0, 1), 1), Round(Normal(r, 500, 1.5, 1), 1)),
        ["integers 0..20"] = r => (Ints(r, 5000, 0, 14), Ints(r, 800, 6, 21)),
        ["separable"] = r => (Normal(r, 3000, 0, 0.1), Normal(r, 200, 5, 0.1)),
        ["reversed"] = r => (Normal(r, 3000, 3, 1), Normal(r, 200, 0, 1)),
        ["positives larger"] = r => (Normal(r, 150, 0, 1), Normal(r, 4000, 1, 1)),
        ["equal sizes"] = r => (Normal(r, 2000, 0, 1), Normal(r, 2000, 1, 1)),
        ["outliers"] = r => ([.. Normal(r, 3000, 0, 1), 1e300, -1e300, double.PositiveInfinity], [.. Normal(r, 300, 1, 1), double.NegativeInfinity, 1e200]),
        ["tiny"] = r => ([0.5, 0.1, 0.3], [0.2, 0.9]),
        ["two each"] = r => ([1, 1], [1, 2]),
        ["shared values"] = r => (Round(Normal(r, 3000, 0, 1), 2), Round(Normal(r, 3000, 0, 1), 2)),
        ["negative zero"] = r => ([-0.0, 0.0, -0.0, 1, -1, 0.5, 0.25], [0.0, -0.0, 2, 0.5]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Summary_equals_the_sorted_summary(string name, int buckets)
    {
        var (neg, pos) = Generators[name](new Random(name.Length * 7919 + buckets));
        var sorted = ScoreEvaluation.Evaluate(new ScoreSet([.. neg], [.. pos]), null, new ScoreEvaluationOptions { Ordering = ScoreOrdering.Sort });
        var bucketed = ScoreEvaluation.Evaluate(new ScoreSet([.. neg], [.. pos]), null, new ScoreEvaluationOptions { Ordering = ScoreOrdering.Buckets, Buckets = buckets });
        Assert.Equal(JsonSerializer.Serialize(sorted, Json), JsonSerializer.Serialize(bucketed, Json));
    }

    [Theory]
    [InlineData(ThresholdCriterion.Eer, 7)]
    [InlineData(ThresholdCriterion.MinHter, 61)]
    [InlineData(ThresholdCriterion.Far, 1024)]
    public void Development_thresholds_applied_to_an_evaluation_set_agree(ThresholdCriterion criterion, int buckets)
    {
        var r = new Random(11);
        var dev = (Normal(r, 4000, 0, 1), Normal(r, 400, 2, 1));
        var eval = (Round(Normal(r, 5000, 0.1, 1), 2), Round(Normal(r, 300, 1.8, 1), 2));
        ScoreEvaluationResult Run(ScoreOrdering ordering) => ScoreEvaluation.Evaluate(
            new ScoreSet([.. dev.Item1], [.. dev.Item2]), new ScoreSet([.. eval.Item1], [.. eval.Item2]),
            new ScoreEvaluationOptions { Ordering = ordering, Buckets = buckets, Criterion = criterion, CriterionFar = 0.01 });
        Assert.Equal(JsonSerializer.Serialize(Run(ScoreOrdering.Sort), Json), JsonSerializer.Serialize(Run(ScoreOrdering.Buckets), Json));
    }

    [Fact]
    public void Nan_scores_and_input_reuse_give_the_same_summary()
    {
        var r = new Random(5);
        var neg = Normal(r, 5000, 0, 1);
        var pos = Normal(r, 300, 2, 1);
        neg[17] = double.NaN;
        neg[4000] = double.NaN;
        pos[0] = double.NaN;
        var reference = ScoreEvaluation.Evaluate(new ScoreSet([.. neg], [.. pos]), null, new ScoreEvaluationOptions { Ordering = ScoreOrdering.Sort });
        var copy = (double[])neg.Clone();
        var bucketed = ScoreEvaluation.Evaluate(new ScoreSet(copy, [.. pos]), null, new ScoreEvaluationOptions { Ordering = ScoreOrdering.Buckets, Buckets = 64 });
        var reused = ScoreEvaluation.Evaluate(new ScoreSet([.. neg], [.. pos]), null, new ScoreEvaluationOptions { Ordering = ScoreOrdering.Buckets, Buckets = 64, ReuseInputArrays = true });
        Assert.Equal(JsonSerializer.Serialize(reference, Json), JsonSerializer.Serialize(bucketed, Json));
        Assert.Equal(JsonSerializer.Serialize(reference, Json), JsonSerializer.Serialize(reused, Json));
        Assert.Equal(neg, copy); // without reuse the caller's array is left as it was
        Assert.Equal(2, reference.FailureToAcquire.Impostor);
    }

    [Fact]
    public void A_planned_summary_reads_only_gathered_buckets_in_one_pass()
    {
        var r = new Random(3);
        var neg = Normal(r, 200_000, 0, 0.09);
        var pos = Normal(r, 2_000, 0.55, 0.12);
        var b = BucketedScores.TryCreate(neg, (double[])pos.Clone(), sortInPlace: false, workers: 2)!;
        var plan = new ScorePlan { Eer = true };
        plan.WeightedCosts.Add(0.5);
        plan.FarRates.AddRange([0.1, 0.01, 0.001, 1e-6]);
        plan.FrrRates.AddRange([0.1, 0.01, 0.001]);
        plan.AddRoc();
        Assert.True(b.TryPlan(plan, long.MaxValue));

        var s = SortedScores.FromUnsorted(neg, pos);
        Assert.Equal(s.EerThreshold(), b.EerThreshold());
        Assert.Equal(s.MinHterThreshold(), b.MinWeightedErrorRateThreshold(0.5));
        foreach (double v in plan.FarRates)
        {
            Assert.Equal(s.FarThreshold(v), b.FarThreshold(v));
        }

        foreach (double v in plan.FrrRates)
        {
            Assert.Equal(s.FrrThreshold(v), b.FrrThreshold(v));
        }

        Assert.Equal(s.RocAucScore(), Auc.RocAucScore(b, false, 2000, -8));
        Assert.Equal(s.MannWhitneyAuc(), b.MannWhitneyAuc());
        Assert.Equal(0, b.RawSide.LazyGathers);
        Assert.Equal(1, b.RawSide.GatherPasses);
        Assert.True(b.RawSide.Gathered < neg.Length / 4, $"gathered {b.RawSide.Gathered} of {neg.Length}");
    }

    [Fact]
    public void Scores_without_spread_fall_back_to_sorting()
    {
        var neg = Enumerable.Repeat(0.5, 3000).ToArray();
        Assert.Null(BucketedScores.TryCreate(neg, new double[] { 0.5, 1 }, sortInPlace: false, workers: 1));
        var sorted = ScoreEvaluation.Evaluate(new ScoreSet([.. neg], [0.5, 1]), null, new ScoreEvaluationOptions { Ordering = ScoreOrdering.Sort });
        var auto = ScoreEvaluation.Evaluate(new ScoreSet([.. neg], [0.5, 1]), null, new ScoreEvaluationOptions { Ordering = ScoreOrdering.Buckets });
        Assert.Equal(JsonSerializer.Serialize(sorted, Json), JsonSerializer.Serialize(auto, Json));
    }

    [Fact]
    public void Bucket_map_is_monotone_and_keeps_equal_scores_together()
    {
        var r = new Random(9);
        var values = Normal(r, 10_000, 0, 1);
        var map = BucketMap.FromSample(values, 100)!;
        var probe = values.Concat([-0.0, 0.0, double.NegativeInfinity, double.PositiveInfinity, double.MaxValue, -double.MaxValue, double.Epsilon]).Order().ToArray();
        for (int i = 1; i < probe.Length; i++)
        {
            Assert.True(map.Of(probe[i - 1]) <= map.Of(probe[i]), $"{probe[i - 1]} -> {map.Of(probe[i - 1])} but {probe[i]} -> {map.Of(probe[i])}");
        }

        Assert.Equal(map.Of(-0.0), map.Of(0.0));
        Assert.Equal(0, map.Of(double.NegativeInfinity));
        Assert.Equal(99, map.Of(double.PositiveInfinity));
    }

    private static double[] Normal(Random r, int n, double mean, double sd)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u = 1.0 - r.NextDouble(), v = r.NextDouble();
            x[i] = mean + (sd * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }

        return x;
    }

    private static double[] Round(double[] x, int digits) => [.. x.Select(v => Math.Round(v, digits))];

    private static double[] Ints(Random r, int n, int lo, int hi) => [.. Enumerable.Range(0, n).Select(_ => (double)r.Next(lo, hi))];
}
