namespace FaceSynth.Server.Definitions;

/// <summary>A validated challenge definition with its published pair lists and hidden truth loaded.</summary>
public sealed class LoadedChallenge
{
    /// <summary>Creates a loaded challenge.</summary>
    public LoadedChallenge(ChallengeDefinition definition, IReadOnlyDictionary<string, LoadedBenchmark> benchmarks, byte[]? exampleSubmission, string sourcePath)
    {
        Definition = definition;
        Benchmarks = benchmarks;
        ExampleSubmission = exampleSubmission;
        SourcePath = sourcePath;
    }

    /// <summary>The definition as written.</summary>
    public ChallengeDefinition Definition { get; }

    /// <summary>Benchmarks by id.</summary>
    public IReadOnlyDictionary<string, LoadedBenchmark> Benchmarks { get; }

    /// <summary>The example submission (zip), when the definition names one.</summary>
    public byte[]? ExampleSubmission { get; }

    /// <summary>The definition file.</summary>
    public string SourcePath { get; }

    /// <summary>The task with id <paramref name="id"/>, or null.</summary>
    public TaskDefinition? Task(string? id) => Definition.Tasks.FirstOrDefault(t => t.Id == id);

    /// <summary>The phase open at <paramref name="now"/> (the last one listed when several overlap), or null.</summary>
    public PhaseDefinition? OpenPhase(DateTimeOffset now) => Definition.Phases.LastOrDefault(p => p.IsOpen(now));

    /// <summary>The phase whose leaderboard is shown by default: the open one, else the last one that started.</summary>
    public PhaseDefinition CurrentPhase(DateTimeOffset now) =>
        OpenPhase(now) ?? Definition.Phases.LastOrDefault(p => p.Start is null || p.Start <= now) ?? Definition.Phases[0];

    /// <summary>The phase with id <paramref name="id"/>, or null.</summary>
    public PhaseDefinition? Phase(string? id) => Definition.Phases.FirstOrDefault(p => p.Id == id);
}

/// <summary>One benchmark: its definition, the published pair list and the hidden truth.</summary>
/// <param name="Definition">The definition.</param>
/// <param name="PublishedPairs">The pair list served to participants (bytes as published).</param>
/// <param name="Truth">The hidden truth.</param>
public sealed record LoadedBenchmark(BenchmarkDefinition Definition, byte[] PublishedPairs, BenchmarkTruth Truth);
