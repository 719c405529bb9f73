using FaceSynth.Audit;
using FaceSynth.Audit.Morphing;
using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Audit;

public class MorphAuditTests
{
    [Theory]
    [InlineData(0.9)]
    [InlineData(0.3)]
    [InlineData(0.0)]
    [InlineData(-0.7)]
    public void Optimal_morph_scores_sqrt_of_half_one_plus_c12_against_both(double c12)
    {
        // e1 = x, e2 = c12 x + sqrt(1 - c12^2) y for orthonormal x, y taken from a random rotation.
        var r = AuditTestData.Orthogonal(16, 5);
        var e1 = new float[16];
        var e2 = new float[16];
        for (int i = 0; i < 16; i++)
        {
            e1[i] = (float)r[(i * 16) + 0];
            e2[i] = (float)((c12 * r[(i * 16) + 0]) + (Math.Sqrt(1 - (c12 * c12)) * r[(i * 16) + 1]));
        }

        var em = new float[16];
        MorphMath.Morph(e1, e2, em);
        double expected = Math.Sqrt((1 + c12) / 2);
        Assert.Equal(expected, MorphMath.Dot(em, e1), 5);
        Assert.Equal(expected, MorphMath.Dot(em, e2), 5);
        Assert.Equal(expected, MorphMath.IdealScore(c12), 12);

        // No unit vector does better on min(<e,e1>, <e,e2>): check random directions.
        var rng = new Random(9);
        var e = new float[16];
        for (int t = 0; t < 2000; t++)
        {
            AuditTestData.Noisy(em, e, 0.3, rng);
            Assert.True(Math.Min(MorphMath.Dot(e, e1), MorphMath.Dot(e, e2)) <= expected + 1e-6);
        }
    }

    [Theory]
    [InlineData(0.5, 0.0, true)]      // 2 τ² - 1 = -0.5 <= 0
    [InlineData(0.8, 0.27, false)]    // 2 τ² - 1 = 0.28
    [InlineData(0.8, 0.29, true)]
    public void Ideal_acceptance_follows_c12_at_least_two_tau_squared_minus_one(double tau, double c12, bool accepted) =>
        Assert.Equal(accepted, MorphMath.IdealAccepted(c12, tau));

    /// <summary>
    /// d = 3. A: source (1,0,0), probes (1,0,0), (0,0,1). B: source (0,1,0), probes (0,1,0) twice.
    /// C: source (0,0,1), probe (0,0,1). D: source (1,0,0), probe (-1,0,0). Pairs (A,B) and (C,D), τ = 0.5, TMR 0.8.
    /// (A,B): e_m = (1,1,0)/√2 scores 0.707 | 0 against A, 0.707, 0.707 against B: MinMax 1, ProdAvg 1/2 · 2/2 = 0.5.
    /// (C,D): e_m = (1,0,1)/√2 scores 0.707 against C, -0.707 against D: MinMax 0, ProdAvg 0.
    /// </summary>
    [Fact]
    public void Mmpmr_prodavg_and_rmmr_hand_counted()
    {
        float[][] rows =
        [
            [1, 0, 0], [1, 0, 0], [0, 0, 1],
            [0, 1, 0], [0, 1, 0], [0, 1, 0],
            [0, 0, 1], [0, 0, 1],
            [1, 0, 0], [-1, 0, 0],
        ];
        string[] subjects = ["A", "A", "A", "B", "B", "B", "C", "C", "D", "D"];
        var m = new EmbeddingMatrix(rows.SelectMany(r => r).ToArray(), rows.Length, 3);
        var set = new AuditSet(m, subjects, source: "hand");
        var tau = new FmrThreshold(1e-3, 0.5, 0.001, 1000, true, 0.8, 10);
        var pairs = new[] { new MorphPair("A", "B", 0, 3, 0), new MorphPair("C", "D", 6, 8, 0) };
        var r = MorphAudit.Evaluate(set, pairs, null, new MorphOptions { Thresholds = [tau] });
        var rate = Assert.Single(r.Rates);
        Assert.Equal(0.5, rate.MinMaxMmpmr, 12);
        Assert.Equal(0.25, rate.ProdAvgMmpmr, 12);
        Assert.Equal(1 + 0.5 - 0.8, rate.RmmrMinMax, 12);
        Assert.Equal(1 + 0.25 - 0.8, rate.RmmrProdAvg, 12);
        Assert.Equal(1.0, rate.IdealMmpmr);
        Assert.Equal(Math.Sqrt(0.5), r.Outcomes[0].MaxScoreA, 6);
        Assert.Equal(-Math.Sqrt(0.5), r.Outcomes[1].MaxScoreB, 6);

        // Rendered morphs: a failed attack image (zero row) is never accepted.
        var templates = new EmbeddingMatrix(2, 3);
        templates.Row(0)[0] = 1;
        var withFail = MorphAudit.Evaluate(set, pairs, templates, new MorphOptions { Thresholds = [tau] });
        Assert.Equal(0.0, withFail.Rates[0].MinMaxMmpmr);   // (1,0,0) matches A but not B
        Assert.Contains(withFail.Warnings, w => w.Contains("failed", StringComparison.Ordinal));
    }

    [Fact]
    public void Most_similar_selection_is_greedy_with_one_use_per_subject()
    {
        // Sources: S0 and S1 are close (c = 0.8), S2 is close to S1 (c = 0.6) and far from S0, S3 is close to S2 (c = 0.5).
        // Greedy: (S0,S1) first; (S1,S2) is blocked by S1; then (S2,S3).
        double[][] src =
        [
            [1, 0, 0, 0], [0.8, 0.6, 0, 0], [0.48, 0.36, 0.8, 0], [0.24, 0.18, 0.4, Math.Sqrt(1 - (0.24 * 0.24) - (0.18 * 0.18) - 0.16)],
        ];
        var rows = new List<float>();
        var subjects = new List<string>();
        for (int s = 0; s < 4; s++)
        {
            rows.AddRange(src[s].Select(v => (float)v));
            rows.AddRange(src[s].Select(v => (float)v));
            subjects.Add("S" + s);
            subjects.Add("S" + s);
        }

        var set = new AuditSet(new EmbeddingMatrix(rows.ToArray(), 8, 4), subjects.ToArray(), source: "sel");
        var pairs = MorphAudit.SelectPairs(set, new MorphOptions { Count = 2 });
        Assert.Equal([("S0", "S1"), ("S2", "S3")], pairs.Select(p => (p.SubjectA, p.SubjectB)));
        Assert.Equal(0.8, pairs[0].C12, 6);
        Assert.Equal(0, pairs[0].RowA);
        Assert.Equal(2, pairs[0].RowB);

        var random = MorphAudit.SelectPairs(set, new MorphOptions { Count = 6, Selection = MorphSelection.Random });
        Assert.Equal(6, random.Select(p => (p.SubjectA, p.SubjectB)).Distinct().Count());
    }

    [Fact]
    public void Too_few_subjects_is_a_clear_error()
    {
        var set = new AuditSet(AuditTestData.RandomUnit(4, 8, 1), ["a", "a", "b", "c"], source: "d.npy");
        Assert.Contains("two subjects", Assert.Throws<FaceSynthDataException>(() => MorphAudit.SelectPairs(set, new MorphOptions())).Message, StringComparison.Ordinal);
    }
}
