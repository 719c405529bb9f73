namespace FaceSynth.Synthesis;

/// <summary>Which mean cosine a vMF target refers to.</summary>
public enum VmfTargetKind
{
    /// <summary>E[cos(v, x_i)] = c.</summary>
    ToReference,

    /// <summary>E[cos(v_a, v_b)] = c.</summary>
    BetweenSamples,
}

/// <summary>vMF sampler options (SYNTHESIS.md 4.2).</summary>
public sealed record VmfOptions
{
    /// <summary>Target mean cosine c in (0, 1); ignored when <see cref="Kappa"/> is set.</summary>
    public double TargetMeanCos { get; init; } = 0.7;

    /// <summary>What the target refers to.</summary>
    public VmfTargetKind TargetKind { get; init; } = VmfTargetKind.ToReference;

    /// <summary>Explicit concentration (overrides the target).</summary>
    public double? Kappa { get; init; }
}

/// <summary>Dispersion options (SYNTHESIS.md 4.1), angles in radians.</summary>
public sealed record DispersionOptions
{
    /// <summary>Attraction k_e.</summary>
    public double Ke { get; init; } = 20;

    /// <summary>Repulsion k_v.</summary>
    public double Kv { get; init; } = 1;

    /// <summary>Repulsion radius r0 (radians).</summary>
    public double R0 { get; init; } = 1.5;

    /// <summary>Noise eta0.</summary>
    public double Eta0 { get; init; } = 0.05;

    /// <summary>Time step (negative = adaptive as in Langevin).</summary>
    public double Dt { get; init; } = 0.05;

    /// <summary>Mobility.</summary>
    public double Mu { get; init; } = 1;

    /// <summary>Initial spread sigma0.</summary>
    public double Sigma0 { get; init; } = 0.2;

    /// <summary>Iterations.</summary>
    public int Iterations { get; init; } = 20;

    /// <summary>When set, r0 is calibrated by bisection so the mean cos(v, x_i) matches it.</summary>
    public double? TargetMeanCosToReference { get; init; }
}
