namespace FaceSynth.Audit.Morphing;

/// <summary>How morph pairs are chosen (AUDIT.md 4.3).</summary>
public enum MorphSelection
{
    /// <summary>Greedy by c12 descending, each subject used at most MaxUsesPerSubject times.</summary>
    MostSimilar,

    /// <summary>Distinct random pairs of different subjects.</summary>
    Random,

    /// <summary>Random among pairs with lo &lt;= c12 &lt;= hi.</summary>
    Band,

    /// <summary>Exactly the subject pairs of <see cref="MorphOptions.PairList"/>, in list order.</summary>
    List,
}

/// <summary>Which row of a subject is its source (morph input).</summary>
public enum SourcePolicy
{
    /// <summary>The subject's first row.</summary>
    First,

    /// <summary>A row drawn with Stream(seed, "morph/source", subject index).</summary>
    Random,
}

/// <summary>Options of the morphing audit; defaults as in AUDIT.md 4.</summary>
public sealed record MorphOptions
{
    /// <summary>Pair selection.</summary>
    public MorphSelection Selection { get; init; } = MorphSelection.MostSimilar;

    /// <summary>Number of morphs P.</summary>
    public int Count { get; init; } = 100;

    /// <summary>Uses per subject for MostSimilar.</summary>
    public int MaxUsesPerSubject { get; init; } = 1;

    /// <summary>Band limits.</summary>
    public double BandLow { get; init; } = -1;

    /// <summary>Band upper limit.</summary>
    public double BandHigh { get; init; } = 1;

    /// <summary>Source row policy.</summary>
    public SourcePolicy Source { get; init; } = SourcePolicy.First;

    /// <summary>Morph weight β.</summary>
    public double Beta { get; init; } = 0.5;

    /// <summary>FMR targets of the thresholds.</summary>
    public IReadOnlyList<double> Fmrs { get; init; } = [1e-2, 1e-3, 1e-4];

    /// <summary>Accept only s &gt; τ (the reference code's convention) instead of s &gt;= τ.</summary>
    public bool StrictComparison { get; init; }

    /// <summary>Seed.</summary>
    public ulong Seed { get; init; } = 7;

    /// <summary>Explicit thresholds (skip the impostor pass).</summary>
    public IReadOnlyList<FmrThreshold>? Thresholds { get; init; }

    /// <summary>The pairs for <see cref="MorphSelection.List"/> (required there, ignored otherwise).</summary>
    public MorphPairList? PairList { get; init; }

    /// <summary>
    /// Name of an attribute column (e.g. <c>gender</c>): only pairs whose source rows have equal, non-empty values
    /// in <see cref="Attributes"/> are selected (a filter applied before the MostSimilar, Random or Band rule).
    /// </summary>
    public string? SameAttribute { get; init; }

    /// <summary>Values of <see cref="SameAttribute"/>, one per dataset row (see <see cref="MetadataColumn.Read"/>).</summary>
    public IReadOnlyList<string>? Attributes { get; init; }

    /// <summary>Cap on enumerated impostor pairs.</summary>
    public long MaxPairs { get; init; } = ImpostorThresholds.DefaultMaxPairs;
}
