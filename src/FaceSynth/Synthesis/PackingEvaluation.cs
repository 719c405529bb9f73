namespace FaceSynth.Synthesis;

/// <summary>Exact separation of a state: minimum and mean nearest-neighbour angle in degrees.</summary>
/// <param name="MinAngleDeg">Smallest pairwise angle (recomputed in double for the attaining pair).</param>
/// <param name="MeanNnAngleDeg">Mean over rows of the angle to the nearest other row.</param>
public readonly record struct PackingEvaluation(double MinAngleDeg, double MeanNnAngleDeg)
{
    /// <summary>True when this state separates better: larger minimum angle, ties broken by the larger mean.</summary>
    public bool IsBetterThan(PackingEvaluation other) =>
        MinAngleDeg > other.MinAngleDeg || (MinAngleDeg == other.MinAngleDeg && MeanNnAngleDeg > other.MeanNnAngleDeg);

    /// <summary>A state worse than any real one.</summary>
    public static PackingEvaluation Worst => new(double.NegativeInfinity, double.NegativeInfinity);

    /// <summary>
    /// Builds the evaluation from each row's nearest-neighbour cosine and index (float), recomputing the
    /// minimum angle in double for the pair that attains it.
    /// </summary>
    internal static PackingEvaluation FromNearest(ReadOnlySpan<float> nnCos, ReadOnlySpan<int> nnIndex, float[] data, int dim)
    {
        int best = 0;
        double sum = 0;
        for (int i = 0; i < nnCos.Length; i++)
        {
            if (nnCos[i] > nnCos[best])
            {
                best = i;
            }

            sum += SphereMath.AngleDeg(nnCos[i]);
        }

        int j = nnIndex[best];
        double cos = SphereMath.DotDouble(data.AsSpan(best * dim, dim), data.AsSpan(j * dim, dim))
            / (SphereMath.NormDouble(data.AsSpan(best * dim, dim)) * SphereMath.NormDouble(data.AsSpan(j * dim, dim)));
        return new PackingEvaluation(SphereMath.AngleDeg(cos), sum / nnCos.Length);
    }
}
