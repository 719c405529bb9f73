using FaceSynth.Similarity;

namespace FaceSynth.Audit.Leakage;

/// <summary>Options of the leakage audit (AUDIT.md 1.2); defaults as specified.</summary>
public sealed record LeakageOptions
{
    /// <summary>Neighbours kept per synthetic sample.</summary>
    public int K { get; init; } = 5;

    /// <summary>Global best pairs reported.</summary>
    public int TopPairs { get; init; } = 100;

    /// <summary>Pairs on the contact sheet.</summary>
    public int ContactSheetPairs { get; init; } = 48;

    /// <summary>Samples of one synthetic identity matching one real subject needed to flag the identity.</summary>
    public int MinSamplesForIdentity { get; init; } = 2;

    /// <summary>FMR targets; null = auto (0.1 / N_r and 0.01 / N_r rounded down to one significant digit).</summary>
    public IReadOnlyList<double>? Fmrs { get; init; }

    /// <summary>Cap on enumerated impostor pairs of the reference set.</summary>
    public long MaxPairs { get; init; } = ImpostorThresholds.DefaultMaxPairs;

    /// <summary>Seed of the impostor draws (only used above MaxPairs).</summary>
    public ulong Seed { get; init; } = 7;

    /// <summary>Explicit thresholds (e.g. from a score file); when set, no reference pass is run.</summary>
    public IReadOnlyList<FmrThreshold>? Thresholds { get; init; }

    /// <summary>Threads, progress (query rows done) and cancellation of the searches.</summary>
    public SimilarityOptions? Similarity { get; init; }

    /// <summary>Progress of the control search (query rows done).</summary>
    public IProgress<long>? ControlProgress { get; init; }

    /// <summary>Auto FMR targets for a real set of <paramref name="realRows"/> rows.</summary>
    public static double[] AutoFmrs(int realRows) => [RoundDown1(0.1 / realRows), RoundDown1(0.01 / realRows)];

    /// <summary><paramref name="x"/> rounded down to one significant digit.</summary>
    public static double RoundDown1(double x)
    {
        if (!(x > 0))
        {
            return 0;
        }

        double e = Math.Pow(10, Math.Floor(Math.Log10(x)));
        double d = Math.Floor((x / e) + 1e-9);
        return double.Parse((d * e).ToString("G1", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
    }
}
