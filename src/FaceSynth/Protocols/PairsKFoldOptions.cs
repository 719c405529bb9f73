namespace FaceSynth.Protocols;

/// <summary>Settings of the insightface pair protocol (EVALUATION.md 4.1-4.2); the defaults are upstream's.</summary>
public sealed record PairsKFoldOptions
{
    /// <summary>Number of contiguous folds (10).</summary>
    public int Folds { get; init; } = 10;

    /// <summary>Accuracy thresholds t_j = j * step for j = 0..count-1 (400 x 0.01).</summary>
    public int ThresholdCount { get; init; } = 400;

    /// <summary>Step of the accuracy thresholds (0.01).</summary>
    public double ThresholdStep { get; init; } = 0.01;

    /// <summary>Compute VAL@FAR as well.</summary>
    public bool ComputeVal { get; init; } = true;

    /// <summary>FAR target of VAL@FAR (1e-3).</summary>
    public double FarTarget { get; init; } = 1e-3;

    /// <summary>VAL thresholds j * step for j = 0..count-1 (4000 x 0.001).</summary>
    public int ValThresholdCount { get; init; } = 4000;

    /// <summary>Step of the VAL thresholds (0.001).</summary>
    public double ValThresholdStep { get; init; } = 0.001;

    /// <summary>The upstream defaults.</summary>
    public static PairsKFoldOptions Default { get; } = new();
}
