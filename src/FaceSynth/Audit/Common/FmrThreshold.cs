namespace FaceSynth.Audit;

/// <summary>A decision threshold set on impostor scores at a target FMR (AUDIT.md 0.2).</summary>
/// <param name="Fmr">Target FMR f.</param>
/// <param name="Tau">Threshold τ(f): accept iff score &gt;= τ.</param>
/// <param name="AchievedFmr">Fraction of impostor scores &gt;= τ.</param>
/// <param name="ImpostorScores">Number n of impostor scores.</param>
/// <param name="Resolved">f n &gt;= 10.</param>
/// <param name="Tmr">Fraction of genuine scores &gt;= τ (NaN without genuine pairs).</param>
/// <param name="GenuineScores">Number of genuine scores.</param>
public sealed record FmrThreshold(double Fmr, double Tau, double AchievedFmr, long ImpostorScores, bool Resolved, double Tmr, long GenuineScores)
{
    /// <summary>The smallest float32 value v with v &gt;= τ: float scores s satisfy s &gt;= τ iff s &gt;= v.</summary>
    public float TauFloat => CeilToFloat(Tau);

    /// <summary>The smallest float &gt;= <paramref name="x"/>.</summary>
    public static float CeilToFloat(double x)
    {
        float f = (float)x;
        return f < x ? MathF.BitIncrement(f) : f;
    }

    /// <summary>The next double above x (bob's <c>up</c>).</summary>
    public static double Up(double x) => x + 1 > x ? Math.BitIncrement(x) : x;
}
