using System.Globalization;

namespace FaceSynth.Protocols;

/// <summary>Result of the 10-fold pair protocol: per-fold accuracies and thresholds, mean ROC, VAL@FAR.</summary>
public sealed class PairsKFoldResult
{
    /// <summary>Number of pairs evaluated (after dropping NaN scores).</summary>
    public required int PairCount { get; init; }

    /// <summary>Rows dropped because their score was NaN (score-file input only).</summary>
    public int DroppedNaN { get; init; }

    /// <summary>Number of pairs in each fold.</summary>
    public required int[] FoldSizes { get; init; }

    /// <summary>Test accuracy of each fold at its best training threshold.</summary>
    public required double[] FoldAccuracies { get; init; }

    /// <summary>Best training threshold (distance; "same" iff dist &lt; t) of each fold.</summary>
    public required double[] BestThresholds { get; init; }

    /// <summary>Mean of the fold accuracies (numpy pairwise order).</summary>
    public required double MeanAccuracy { get; init; }

    /// <summary>Population standard deviation of the fold accuracies.</summary>
    public required double StdAccuracy { get; init; }

    /// <summary>The accuracy thresholds t_j.</summary>
    public required double[] Thresholds { get; init; }

    /// <summary>Mean over folds of the test-fold TPR at each threshold.</summary>
    public required double[] MeanTpr { get; init; }

    /// <summary>Mean over folds of the test-fold FPR at each threshold.</summary>
    public required double[] MeanFpr { get; init; }

    /// <summary>VAL@FAR, when requested.</summary>
    public ValAtFarResult? Val { get; init; }

    /// <summary>insightface's printout of the accuracy: <c>%1.5f+-%1.5f</c>.</summary>
    public string FormatAccuracy() =>
        string.Create(CultureInfo.InvariantCulture, $"{MeanAccuracy:F5}+-{StdAccuracy:F5}");
}

/// <summary>VAL (TAR) at a FAR target, per fold and averaged (EVALUATION.md 4.2, FaceSynth interpolation rule).</summary>
/// <param name="FarTarget">FAR target.</param>
/// <param name="FoldVal">VAL on each test fold.</param>
/// <param name="FoldFar">FAR on each test fold.</param>
/// <param name="FoldThresholds">Distance threshold of each fold (0 when the training FAR never reaches the target).</param>
/// <param name="MeanVal">Mean VAL.</param>
/// <param name="StdVal">Population standard deviation of VAL.</param>
/// <param name="MeanFar">Mean FAR.</param>
public sealed record ValAtFarResult(double FarTarget, double[] FoldVal, double[] FoldFar, double[] FoldThresholds, double MeanVal, double StdVal, double MeanFar);
