using FaceSynth.Audit.Backdoor;
using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Audit;

public class BackdoorTests
{
    [Fact]
    public void Hand_counted_auc_eer_and_tpr()
    {
        double[] clean = [0.1, 0.2, 0.3, 0.4];
        double[] triggered = [0.35, 0.5];
        var e = BackdoorDetector.Evaluate(clean, triggered, [0.25]);
        // 0.35 beats 0.1, 0.2, 0.3; 0.5 beats all four: 7 of 8 pairs.
        Assert.Equal(7.0 / 8, e.Auc, 12);
        // far_threshold at 0.25 on 4 clean scores: at most one clean accepted -> τ = 0.4; triggered >= 0.4: one of two.
        Assert.Equal(0.5, e.TprAtFpr[0.25], 12);
    }

    [Theory]
    [InlineData(1, 2, 0.5, 0.75)]
    [InlineData(2, 3, 0.5, 0.5)]
    [InlineData(0, 10, 0.1, 1.0)]
    [InlineData(3, 3, 0.1, 0.001)]
    public void Binomial_tail_hand_values(int k, int n, double q, double expected) =>
        Assert.Equal(expected, BackdoorDetector.BinomialUpperTail(k, n, q), 12);

    /// <summary>
    /// The probe model is the reference model followed by a rotation, except on triggered inputs, where it outputs
    /// one fixed "target identity" embedding. The translation is exact on clean data, so clean suspicion is ~0 and
    /// every triggered input is separated: AUC 1, EER 0, TPR 1.
    /// </summary>
    [Fact]
    public void Detects_a_planted_backdoor_perfectly()
    {
        const int D = 24;
        var rot = AuditTestData.Orthogonal(D, 8);
        var refFit = AuditTestData.RandomUnit(500, D, 1);
        var probeFit = AuditTestData.Times(refFit, rot);
        var detector = BackdoorDetector.Train(probeFit, refFit);
        Assert.True(detector.Fit.ValidationMeanCosine > 0.9999);

        var refClean = AuditTestData.RandomUnit(200, D, 2);
        var (_, uClean) = detector.ScoreSamples(AuditTestData.Times(refClean, rot), refClean);
        var refTrig = AuditTestData.RandomUnit(50, D, 3);
        var target = AuditTestData.RandomUnit(1, D, 4);
        var probeTrig = new EmbeddingMatrix(50, D);
        for (int i = 0; i < 50; i++)
        {
            target.Row(0).CopyTo(probeTrig.Row(i));
        }

        var (_, uTrig) = detector.ScoreSamples(probeTrig, refTrig);
        var e = BackdoorDetector.Evaluate(uClean, uTrig);
        Assert.Equal(1.0, e.Auc);
        Assert.Equal(0.0, e.Eer);
        Assert.Equal(1.0, e.TprAtFpr[1e-2]);

        detector.Calibrate(uClean.AsSpan(0, 100), 0.01);
        var clean = detector.TestModel(uClean.AsSpan(100), 0.01);
        Assert.True(clean.Flagged <= 2);
        var mixed = detector.TestModel(uClean.AsSpan(100).ToArray().Concat(uTrig).ToArray(), 0.01);
        Assert.True(mixed.Flagged >= 50);
        Assert.True(mixed.PValue < 1e-20);

        // Pair scores: a clean pair agrees (|sp - sr| ~ 0); a triggered pair of different people looks identical to the probe.
        var probePairs = new EmbeddingMatrix(4, D);
        var refPairs = new EmbeddingMatrix(4, D);
        var clean2 = AuditTestData.Times(refClean, rot);
        clean2.Row(0).CopyTo(probePairs.Row(0));
        clean2.Row(1).CopyTo(probePairs.Row(1));
        refClean.Row(0).CopyTo(refPairs.Row(0));
        refClean.Row(1).CopyTo(refPairs.Row(1));
        target.Row(0).CopyTo(probePairs.Row(2));
        target.Row(0).CopyTo(probePairs.Row(3));
        refTrig.Row(0).CopyTo(refPairs.Row(2));
        refTrig.Row(1).CopyTo(refPairs.Row(3));
        var (_, _, u) = detector.ScorePairs(probePairs, refPairs, [(0, 1), (2, 3)]);
        Assert.True(u[0] < 1e-4);
        Assert.True(u[1] > 0.5);
    }
}
