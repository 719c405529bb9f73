namespace FaceSynth.Metrics.Pyeer;

/// <summary>Whether higher scores mean more alike (similarity) or less alike (dissimilarity, a distance).</summary>
public enum PyeerScoreType
{
    /// <summary>Higher = more alike; accept iff score &gt;= threshold.</summary>
    Similarity,

    /// <summary>Lower = more alike; accept iff score &lt;= threshold (pyeer's <c>-ds</c> option).</summary>
    Dissimilarity,
}
