namespace FaceSynth.Metrics;

/// <summary>
/// Which bob.measure release a function reproduces where the releases differ (EVALUATION.md 2.12).
/// </summary>
public enum BobVersion
{
    /// <summary>bob.measure v6.1.0 (the default).</summary>
    V6_1_0 = 0,

    /// <summary>bob.measure v3.0.0, the C++ core (legacy reference files).</summary>
    V3_0_0 = 1,
}
