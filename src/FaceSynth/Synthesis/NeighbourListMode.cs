namespace FaceSynth.Synthesis;

/// <summary>Whether the Langevin sampler uses Verlet neighbour lists (SYNTHESIS.md 3.3.3).</summary>
public enum NeighbourListMode
{
    /// <summary>Lists when N &gt; 4096 or when constants are given.</summary>
    Auto,

    /// <summary>Always use lists.</summary>
    On,

    /// <summary>Never use lists: every iteration visits all pairs.</summary>
    Off,
}
