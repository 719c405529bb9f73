namespace FaceSynth.Synthesis;

/// <summary>Langevin soft-particle options (SYNTHESIS.md 3.3.2); radii in radians.</summary>
public sealed record LangevinOptions
{
    /// <summary>Spring constant k.</summary>
    public double K { get; init; } = 1.0;

    /// <summary>Repulsion radius d0 (angular distance, radians).</summary>
    public double D0 { get; init; } = 1.4;

    /// <summary>Time step; negative = adaptive with tau = -TimeStep.</summary>
    public double TimeStep { get; init; } = -0.3;

    /// <summary>Mobility mu.</summary>
    public double Mu { get; init; } = 1.0;

    /// <summary>Noise scale eta0 (radians per unit sqrt(dt)).</summary>
    public double Eta0 { get; init; } = 0.01;

    /// <summary>Spring constant for constants (null = K).</summary>
    public double? Kc { get; init; }

    /// <summary>Repulsion radius from constants (null = D0 when constants are given).</summary>
    public double? D0c { get; init; }

    /// <summary>Pull towards the nearest gallery point (0 = off).</summary>
    public double Kg { get; init; }

    /// <summary>Largest adaptive time step.</summary>
    public double DtMax { get; init; } = 1.0;

    /// <summary>Iterations.</summary>
    public int Iterations { get; init; } = 300;

    /// <summary>Progress every this many iterations; 0 = max(1, T / 200).</summary>
    public int ProgressEvery { get; init; }

    /// <summary>Checkpoint every this many iterations (0 = only on cancellation).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Verlet neighbour lists (SYNTHESIS.md 3.3.3); they never change the result, only the cost.</summary>
    public NeighbourListMode NeighbourLists { get; init; } = NeighbourListMode.Auto;

    /// <summary>Verlet skin (radians): lists hold pairs closer than d0 + Skin (constants: d0c + Skin).</summary>
    public double Skin { get; init; } = 0.1;

    /// <summary>Tests only: keep the first lists for the whole run (breaks exactness on purpose).</summary>
    internal bool SuppressRebuilds { get; init; }
}
