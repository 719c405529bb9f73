namespace FaceSynth.Audit.Morphing;

/// <summary>A selected pair of subjects and their source rows.</summary>
/// <param name="SubjectA">First subject (dense id order of the dataset).</param>
/// <param name="SubjectB">Second subject.</param>
/// <param name="RowA">Source row of A.</param>
/// <param name="RowB">Source row of B.</param>
/// <param name="C12">Cosine of the two source embeddings.</param>
public sealed record MorphPair(string SubjectA, string SubjectB, int RowA, int RowB, double C12);

/// <summary>Per-morph outcome.</summary>
/// <param name="Pair">The pair.</param>
/// <param name="IdealScore">sqrt((1 + c12) / 2).</param>
/// <param name="MaxScoreA">max_i S over A's probes.</param>
/// <param name="MaxScoreB">max_i S over B's probes.</param>
/// <param name="ProbesA">A's probe count.</param>
/// <param name="ProbesB">B's probe count.</param>
/// <param name="AcceptedA">A's probes accepted, per threshold.</param>
/// <param name="AcceptedB">B's probes accepted, per threshold.</param>
public sealed record MorphOutcome(MorphPair Pair, double IdealScore, double MaxScoreA, double MaxScoreB, int ProbesA, int ProbesB, int[] AcceptedA, int[] AcceptedB);

/// <summary>Vulnerability metrics at one threshold (AUDIT.md 4.5).</summary>
/// <param name="Threshold">τ.</param>
/// <param name="MinMaxMmpmr">MinMax-MMPMR.</param>
/// <param name="ProdAvgMmpmr">ProdAvg-MMPMR.</param>
/// <param name="RmmrMinMax">1 + MinMax-MMPMR - TMR.</param>
/// <param name="RmmrProdAvg">1 + ProdAvg-MMPMR - TMR.</param>
/// <param name="IdealMmpmr">Fraction of pairs whose ideal morph reaches τ.</param>
public sealed record MorphRate(FmrThreshold Threshold, double MinMaxMmpmr, double ProdAvgMmpmr, double RmmrMinMax, double RmmrProdAvg, double IdealMmpmr);

/// <summary>Result of a morphing audit.</summary>
/// <param name="Outcomes">Per morph.</param>
/// <param name="Rates">Per threshold.</param>
/// <param name="Warnings">Warnings.</param>
public sealed record MorphResult(IReadOnlyList<MorphOutcome> Outcomes, IReadOnlyList<MorphRate> Rates, IReadOnlyList<string> Warnings);
