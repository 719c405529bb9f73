using FaceSynth.Audit;
using FaceSynth.Audit.Leakage;
using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Tests.Audit;

public class LeakageAuditTests
{
    private const int Dim = 256;

    /// <summary>
    /// 300 random real rows (own subjects), 200 random synthetic rows in 100 identities, then 12 planted leaks:
    /// synthetic rows replaced by noisy copies (cos about 0.9) of known real rows. Identity "leak3" gets three
    /// copies of real row 7, identity "leak1" one copy of real row 20.
    /// </summary>
    private static (AuditSet Syn, AuditSet Real, HashSet<(int Syn, int Real)> Planted) Planted()
    {
        var real = AuditTestData.RandomUnit(300, Dim, 11);
        var syn = AuditTestData.RandomUnit(200, Dim, 12);
        var ids = Enumerable.Range(0, 200).Select(i => "syn" + (i / 2)).ToArray();
        var rng = new Random(13);
        var planted = new HashSet<(int, int)>();
        (int Syn, int Real, string Id)[] plan =
        [
            (3, 7, "leak3"), (4, 7, "leak3"), (5, 7, "leak3"), (60, 20, "leak1"),
            (80, 100, "syn40"), (91, 130, "syn45"), (102, 150, "syn51"), (113, 170, "syn56"),
            (124, 190, "syn62"), (135, 210, "syn67"), (146, 250, "syn73"), (199, 299, "syn99"),
        ];
        foreach (var (s, r, id) in plan)
        {
            AuditTestData.Noisy(real.Row(r), syn.Row(s), 0.03, rng);
            ids[s] = id;
            planted.Add((s, r));
        }

        var realSubjects = Enumerable.Range(0, 300).Select(i => "real" + i).ToArray();
        return (new AuditSet(syn, ids, source: "syn.npy"), new AuditSet(real, realSubjects, source: "real.npy"), planted);
    }

    [Fact]
    public void Planted_leaks_are_all_found_and_nothing_else_is_above_threshold()
    {
        var (syn, real, planted) = Planted();
        // τ = 0.6: random 256-d unit pairs have cos sd 1/16, so 0.6 is ~10 sd away, while the copies score ~0.9.
        var tau = new FmrThreshold(1e-9, 0.6, 0, 1_000_000, true, double.NaN, 0);
        var result = LeakageAudit.Run(syn, real, options: new LeakageOptions { Thresholds = [tau], TopPairs = 20, K = 3 });

        var rate = Assert.Single(result.Rates);
        Assert.Equal(planted.Count, rate.Leaked);
        Assert.Equal(planted.Count, rate.MatchedPairs);
        Assert.Equal(planted.Count / 200.0, rate.LeakRate, 12);
        var above = Enumerable.Range(0, 200).Where(i => result.BestScores[i] >= 0.6).Select(i => (i, result.BestReal[i])).ToHashSet();
        Assert.Equal(planted, above);

        // The 12 best global pairs are exactly the planted ones, sorted by score descending.
        var top = result.TopPairs.Take(planted.Count).Select(p => (p.Synthetic, p.Real)).ToHashSet();
        Assert.Equal(planted, top);
        Assert.True(result.TopPairs.Zip(result.TopPairs.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.True(result.TopPairs[planted.Count].Score < 0.6);

        // Identity level: leak3 has three accepted samples matching one real subject; leak1 only one.
        Assert.Equal(["leak3"], rate.FlaggedIdentities);
        var leak3 = result.Identities.Single(i => i.Identity == "leak3");
        Assert.Equal("real7", leak3.ModalRealSubject);
        Assert.Equal(1.0, leak3.Consistency);
        Assert.Equal(3, leak3.AboveThreshold[0]);
        var real7 = result.RealSubjects.Single(r => r.Subject == "real7");
        Assert.Equal(3, real7.Samples[0]);
        Assert.Equal(1, real7.Identities[0]);
    }

    [Fact]
    public void Fused_search_agrees_with_brute_force_double_precision()
    {
        var (syn, real, _) = Planted();
        var result = LeakageAudit.Run(syn, real, options: new LeakageOptions { TopPairs = 30, K = 2, Fmrs = [1e-3] });
        var all = new List<(double S, int I, int J)>();
        for (int i = 0; i < syn.Rows; i++)
        {
            double best = double.NegativeInfinity;
            for (int j = 0; j < real.Rows; j++)
            {
                double s = SimilarityKernel.ExactDot(syn.Embeddings, i, real.Embeddings, j);
                all.Add((s, i, j));
                best = Math.Max(best, s);
            }

            Assert.True(Math.Abs(best - result.BestScores[i]) < 1e-5, $"row {i}: {best} vs {result.BestScores[i]}");
        }

        var expected = all.OrderByDescending(p => p.S).ThenBy(p => p.I).ThenBy(p => p.J).Take(30).ToArray();
        for (int k = 0; k < 30; k++)
        {
            Assert.Equal(expected[k].S, result.TopPairs[k].Score, 12);
            Assert.Equal((expected[k].I, expected[k].J), (result.TopPairs[k].Synthetic, result.TopPairs[k].Real));
        }

        // matched pairs at τ: counted independently from the double scores (no score lies within 1e-5 of τ here).
        var th = result.Rates[0].Threshold;
        Assert.Equal(all.Count(p => p.S >= th.Tau), result.Rates[0].MatchedPairs);
        Assert.Equal(th.Fmr * 200 * 300, result.Rates[0].ExpectedPairsNull, 9);
    }

    [Fact]
    public void Control_set_without_leaks_gives_a_lower_rate()
    {
        var (syn, real, planted) = Planted();
        var control = new AuditSet(AuditTestData.RandomUnit(300, Dim, 21), source: "control.npy");
        var tau = new FmrThreshold(1e-9, 0.6, 0, 1_000_000, true, double.NaN, 0);
        var r = LeakageAudit.Run(syn, real, control, options: new LeakageOptions { Thresholds = [tau] });
        Assert.Equal(0.0, r.Rates[0].ControlRate);
        Assert.Equal(planted.Count / 200.0, r.Rates[0].LeakRate, 12);
        Assert.NotNull(r.ControlNnScores);
    }

    [Fact]
    public void Auto_fmrs_round_down_to_one_significant_digit()
    {
        Assert.Equal([2e-7, 2e-8], LeakageOptions.AutoFmrs(500_000));
        Assert.Equal([3e-4, 3e-5], LeakageOptions.AutoFmrs(300));
        Assert.Equal(1e-5, LeakageOptions.RoundDown1(1e-5));
        Assert.Equal(9e-3, LeakageOptions.RoundDown1(0.00999));
    }

    [Fact]
    public void Bad_inputs_give_clear_errors()
    {
        var real = new AuditSet(AuditTestData.RandomUnit(10, 8, 1), source: "real.npy");
        var wrongDim = new AuditSet(AuditTestData.RandomUnit(10, 16, 2), source: "syn.npy");
        Assert.Contains("dimension mismatch", Assert.Throws<FaceSynthDataException>(() => LeakageAudit.Run(wrongDim, real)).Message, StringComparison.Ordinal);

        var nan = AuditTestData.RandomUnit(10, 8, 3);
        nan[4, 2] = float.NaN;
        var e = Assert.Throws<FaceSynthDataException>(() => LeakageAudit.Run(new AuditSet(nan, source: "nan.npy"), real));
        Assert.Contains("row 4, column 2", e.Message, StringComparison.Ordinal);

        var zero = AuditTestData.RandomUnit(10, 8, 4);
        zero.Row(6).Clear();
        Assert.Contains("row 6 is a zero vector", Assert.Throws<FaceSynthDataException>(() => LeakageAudit.Run(new AuditSet(zero, source: "z.npy"), real)).Message, StringComparison.Ordinal);

        var empty = new AuditSet(new EmbeddingMatrix(0, 8), source: "empty.npy");
        Assert.Contains("empty", Assert.Throws<FaceSynthDataException>(() => LeakageAudit.Run(empty, real)).Message, StringComparison.Ordinal);

        var a = new AuditSet(AuditTestData.RandomUnit(10, 8, 5), source: "a.npy", model: "m1");
        var b = new AuditSet(AuditTestData.RandomUnit(10, 8, 6), source: "b.npy", model: "m2");
        Assert.Contains("differs", Assert.Throws<FaceSynthDataException>(() => LeakageAudit.Run(a, b)).Message, StringComparison.Ordinal);
    }
}
