namespace FaceSynth.Synthesis;

/// <summary>Packing loss forms of SYNTHESIS.md 3.2.2.</summary>
public enum PackingLoss
{
    /// <summary>Mean over points of the nearest-neighbour cosine.</summary>
    Max,

    /// <summary>Mean over points of a per-point log-sum-exp (temperature tau).</summary>
    Soft,

    /// <summary>Log-sum-exp over all pairs: the smooth max-min objective.</summary>
    Global,
}

/// <summary>Schedules of SYNTHESIS.md 3.2.3.</summary>
public enum PackingSchedule
{
    /// <summary>Restarts of Soft then Global polish (stochastic Soft when N &gt; 4096).</summary>
    Auto,

    /// <summary>One run of the chosen loss with the chosen temperatures.</summary>
    Single,
}

/// <summary>HyperFace packing options (SYNTHESIS.md 3.2); null means "the documented default".</summary>
public sealed record HyperFaceOptions
{
    /// <summary>Auto (default) or Single.</summary>
    public PackingSchedule Schedule { get; init; } = PackingSchedule.Auto;

    /// <summary>Loss for <see cref="PackingSchedule.Single"/>.</summary>
    public PackingLoss Loss { get; init; } = PackingLoss.Soft;

    /// <summary>Steps T of the main phase (epochs for the stochastic variant); default 3000 (300 for stochastic).</summary>
    public int? Steps { get; init; }

    /// <summary>Steps of the Global polish phase (default 3000).</summary>
    public int PolishSteps { get; init; } = 3000;

    /// <summary>Learning rate; default min(0.01, 0.05 / sqrt(d)).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Final learning-rate ratio r of the cosine decay.</summary>
    public double LearningRateFloor { get; init; } = 0.01;

    /// <summary>Adam beta1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam beta2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam epsilon.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Start temperature tau0 for Single (Auto uses 0.1).</summary>
    public double Tau0 { get; init; } = 0.1;

    /// <summary>End temperature tau1 for Single (Auto uses 0.005, Global polish 1e-4).</summary>
    public double Tau1 { get; init; } = 0.005;

    /// <summary>Restarts R; null = Auto = min(128, max(1, floor(2e7 / (N^2 d)))).</summary>
    public int? Restarts { get; init; }

    /// <summary>Evaluate the exact angles every this many steps.</summary>
    public int EvalEvery { get; init; } = 10;

    /// <summary>Stop a run whose best min angle has not grown by 1e-6 degrees over this many evaluations (0 = off).</summary>
    public int Patience { get; init; }

    /// <summary>Gallery regulariser weight alpha; default 0.1 with a gallery, else 0.</summary>
    public double? Alpha { get; init; }

    /// <summary>Project the gradient onto the tangent space before Adam.</summary>
    public bool ProjectGradient { get; init; } = true;

    /// <summary>Use the stochastic neighbour-list variant: null = when N &gt; 4096.</summary>
    public bool? Stochastic { get; init; }

    /// <summary>Stochastic variant: batch size B.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Stochastic variant: neighbours per row K.</summary>
    public int Neighbours { get; init; } = 32;

    /// <summary>Stochastic variant: gallery neighbours per row Kg.</summary>
    public int GalleryNeighbours { get; init; } = 8;

    /// <summary>Stochastic variant: rebuild the lists every this many epochs.</summary>
    public int RebuildEvery { get; init; } = 10;

    /// <summary>Progress every this many iterations; 0 = max(1, T / 200).</summary>
    public int ProgressEvery { get; init; }

    /// <summary>Checkpoint every this many iterations (0 = only on cancellation and at the end of a phase).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>
    /// Stop starting restarts once one reaches this minimum angle (within 1e-4 degrees); the lowest-index restart that
    /// reaches it is returned, so the result does not depend on thread timing. Null = the built-in known optimum
    /// (<see cref="KnownOptimum.Find"/>) when no gallery term is active; NaN disables.
    /// </summary>
    public double? TargetAngleDeg { get; init; }

    /// <summary>Problems up to this many identities are optimised full-batch in Auto.</summary>
    public const int FullBatchLimit = 4096;
}
