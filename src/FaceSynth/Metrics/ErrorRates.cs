namespace FaceSynth.Metrics;

/// <summary>False match rate (FMR = FAR = FPR) and false non-match rate (FNMR = FRR = FNR) at one threshold.</summary>
/// <param name="Fmr">#{neg &gt;= t} / #neg.</param>
/// <param name="Fnmr">#{pos &lt; t} / #pos.</param>
public readonly record struct ErrorRates(double Fmr, double Fnmr)
{
    /// <summary>Half total error rate <c>(FMR + FNMR) / 2</c>.</summary>
    public double Hter => (Fmr + Fnmr) / 2.0;
}

/// <summary>Error counts at one threshold, with the rates as one division <c>count / n</c> each.</summary>
/// <param name="FalseMatches">#{neg &gt;= t}.</param>
/// <param name="Negatives">Number of negative scores.</param>
/// <param name="FalseNonMatches">#{pos &lt; t}.</param>
/// <param name="Positives">Number of positive scores.</param>
public readonly record struct ErrorCounts(int FalseMatches, int Negatives, int FalseNonMatches, int Positives)
{
    /// <summary>False match rate.</summary>
    public double Fmr => ScoreMath.Rate(FalseMatches, Negatives);

    /// <summary>False non-match rate.</summary>
    public double Fnmr => ScoreMath.Rate(FalseNonMatches, Positives);
}

/// <summary>Precision <c>TP / max(TP + FP, 1)</c> and recall <c>TP / #pos</c> at one threshold.</summary>
/// <param name="Precision">Fraction of accepted comparisons that are positives (0 when nothing is accepted).</param>
/// <param name="Recall">Fraction of positives accepted.</param>
public readonly record struct PrecisionRecall(double Precision, double Recall);

/// <summary>Equal error rate as bob computes it: <c>(FMR + FNMR) / 2</c> at <c>eer_threshold</c>.</summary>
/// <param name="Eer">The EER.</param>
/// <param name="Fmr">FMR at the threshold.</param>
/// <param name="Fnmr">FNMR at the threshold.</param>
/// <param name="Threshold">The EER threshold (2.4 sweep).</param>
public readonly record struct EerResult(double Eer, double Fmr, double Fnmr, double Threshold);
