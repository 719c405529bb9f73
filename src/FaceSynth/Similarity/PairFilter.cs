namespace FaceSynth.Similarity;

/// <summary>Which (query i, gallery j) pairs a search looks at; the last two assume both matrices are the same set.</summary>
public enum PairFilter
{
    /// <summary>Every pair.</summary>
    All,

    /// <summary>Every pair except i == j.</summary>
    ExcludeSelf,

    /// <summary>Only j &gt; i: each unordered pair of one set once, without self pairs.</summary>
    UpperTriangle,
}
