using FaceSynth.Metrics;

namespace FaceSynth.Tests.Metrics;

/// <summary>EVALUATION 6.2: the upstream reference arrays of ROC, PR, DET and EPC (v6.1.0 and v3.0.0).</summary>
public class CurveReferenceTests
{
    [Fact]
    public void V6RocMatchesReferenceExactly()
    {
        var (neg, pos) = RefData.Nonsep();
        var expected = RefData.Read2D(RefData.V6("nonsep-roc.txt"));
        var roc = BobMeasure.Roc(neg, pos, 100);
        Near.Exact(expected[0], roc.Fmr, "FMR");
        Near.Exact(expected[1], roc.Fnmr, "FNMR");
    }

    [Fact]
    public void V6PrecisionRecallMatchesReferenceExactly()
    {
        var (neg, pos) = RefData.Nonsep();
        var expected = RefData.Read2D(RefData.V6("nonsep-precisionrecall.txt"));
        var pr = BobMeasure.PrecisionRecallCurve(neg, pos, 100);
        Near.Exact(expected[0], pr.Precision, "precision");
        Near.Exact(expected[1], pr.Recall, "recall");
    }

    [Fact]
    public void V6DetMatchesReferenceExactlyWithLegacyEpsilon()
    {
        var (neg, pos) = RefData.Nonsep();
        var expected = RefData.Read2D(RefData.V6("nonsep-det.txt"));
        var det = BobMeasure.Det(neg, pos, 100);
        Near.Exact(expected[0], det.FmrDeviate, "x");
        Near.Exact(expected[1], det.FnmrDeviate, "y");
    }

    [Fact]
    public void V6DetWithMachineEpsilonStaysWithinUpstreamTolerance()
    {
        var (neg, pos) = RefData.Nonsep();
        var expected = RefData.Read2D(RefData.V6("nonsep-det.txt"));
        var det = BobMeasure.Det(neg, pos, 100, epsilon: Ppndf.MachineEpsilon);
        Near.AllClose(expected[0], det.FmrDeviate, 1e-6, 1e-5, "x");
        Near.AllClose(expected[1], det.FnmrDeviate, 1e-6, 1e-5, "y");
    }

    [Fact]
    public void V6EpcMatchesReference()
    {
        var (neg, pos) = RefData.Nonsep();
        var expected = RefData.Read2D(RefData.V6("nonsep-epc.txt"));
        var epc = BobMeasure.Epc(neg[..25], pos[..25], neg[25..], pos[25..], 100);
        Near.Exact(expected[0], epc.Alpha, "alpha");
        Near.Exact(expected[1], epc.Hter, "hter");
        Near.Exact(expected[2], epc.Thresholds, "thresholds");
    }

    [Fact]
    public void V3RocAndPrecisionRecallMatchReferenceExactly()
    {
        var (neg, pos) = RefData.Nonsep("v3");
        var roc = BobMeasure.Roc(neg, pos, 100, version: BobVersion.V3_0_0);
        var expectedRoc = RefData.Read2D(RefData.V3("nonsep-roc.txt"));
        Near.Exact(expectedRoc[0], roc.Fmr, "FMR");
        Near.Exact(expectedRoc[1], roc.Fnmr, "FNMR");

        var pr = BobMeasure.PrecisionRecallCurve(neg, pos, 100, BobVersion.V3_0_0);
        var expectedPr = RefData.Read2D(RefData.V3("nonsep-precisionrecall.txt"));
        Near.Exact(expectedPr[0], pr.Precision, "precision");
        Near.Exact(expectedPr[1], pr.Recall, "recall");
    }

    [Fact]
    public void V3DetAndEpcMatchReference()
    {
        var (neg, pos) = RefData.Nonsep("v3");
        var det = BobMeasure.Det(neg, pos, 100, version: BobVersion.V3_0_0);
        var expectedDet = RefData.Read2D(RefData.V3("nonsep-det.txt"));
        Near.Exact(expectedDet[0], det.FmrDeviate, "x");
        Near.Exact(expectedDet[1], det.FnmrDeviate, "y");

        var epc = BobMeasure.Epc(neg[..25], pos[..25], neg[25..], pos[25..], 100, BobVersion.V3_0_0);
        var expectedEpc = RefData.Read2D(RefData.V3("nonsep-epc.txt"));
        Near.AllClose(expectedEpc[0], epc.Alpha, 1e-5, 1e-15, "alpha");
        Near.AllClose(expectedEpc[1], epc.Hter, 1e-5, 1e-15, "hter");
        if (expectedEpc.Length > 2)
        {
            Near.AllClose(expectedEpc[2], epc.Thresholds, 1e-5, 1e-15, "thresholds");
        }
    }

    [Fact]
    public void RocForFarReturnsAchievedRates()
    {
        var (neg, pos) = RefData.Nonsep();
        var roc = BobMeasure.RocForFar(neg, pos, [0.01, 0.1, 1]);
        Near.Exact([0.0, 0.1, 1], roc.Fmr, "FMR");
        Near.Exact([0.48, 0.12, 0], roc.Fnmr, "FNMR");
    }

    [Fact]
    public void RocAucScoresMatchUpstream()
    {
        var (neg, pos) = RefData.Nonsep();
        Near.Close(0.9326, BobMeasure.RocAucScore(neg, pos), 1e-7, 0, "AUC");
        Near.Close(1.4183699583300993, BobMeasure.RocAucScore(neg, pos, logScale: true), 1e-7, 0, "AUC log");
    }

    [Fact]
    public void TooFewCurvePointsAreRejected()
    {
        var (neg, pos) = RefData.Nonsep();
        Assert.Throws<ArgumentOutOfRangeException>(() => BobMeasure.Roc(neg, pos, 15));
        Assert.Equal(16, BobMeasure.Roc(neg, pos, 16).Fmr.Length);
    }
}
