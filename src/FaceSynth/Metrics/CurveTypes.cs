namespace FaceSynth.Metrics;

/// <summary>ROC points: <c>Fmr[i]</c>, <c>Fnmr[i]</c> at <c>Thresholds[i]</c>.</summary>
/// <param name="Fmr">False match rates (bob's row 0).</param>
/// <param name="Fnmr">False non-match rates (bob's row 1).</param>
/// <param name="Thresholds">The threshold of each point.</param>
public sealed record RocCurve(double[] Fmr, double[] Fnmr, double[] Thresholds);

/// <summary>DET points: the ROC rates mapped through <see cref="Ppndf"/> (normal deviates).</summary>
/// <param name="FmrDeviate">ppndf(FMR) (bob's row 0).</param>
/// <param name="FnmrDeviate">ppndf(FNMR) (bob's row 1).</param>
public sealed record DetCurve(double[] FmrDeviate, double[] FnmrDeviate);

/// <summary>Precision-recall points at <c>Thresholds[i]</c>.</summary>
/// <param name="Precision">Precision (bob's row 0).</param>
/// <param name="Recall">Recall (bob's row 1).</param>
/// <param name="Thresholds">The threshold of each point.</param>
public sealed record PrecisionRecallCurve(double[] Precision, double[] Recall, double[] Thresholds);

/// <summary>Expected performance curve: test HTER at the development threshold minimising the weighted error.</summary>
/// <param name="Alpha">Cost weights in [0, 1] (bob's row 0).</param>
/// <param name="Hter">Test-set HTER at each development threshold (row 1).</param>
/// <param name="Thresholds">Development thresholds (row 2).</param>
public sealed record EpcCurve(double[] Alpha, double[] Hter, double[] Thresholds);
