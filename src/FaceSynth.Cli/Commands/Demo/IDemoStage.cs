namespace FaceSynth.Cli.Commands.Demo;

/// <summary>
/// One part of <c>facesynth demo</c>. Stages run in the order of <see cref="DemoStages.All"/>; each adds a section
/// to <see cref="DemoContext.Report"/>, its numbers under its own key of <see cref="DemoContext.Summary"/>, and any
/// files into <see cref="DemoContext.OutputDirectory"/>. Keep a stage fast (the whole demo aims at a few seconds)
/// and deterministic for a given <see cref="DemoContext.Seed"/>.
/// </summary>
public interface IDemoStage
{
    /// <summary>Short name (used in progress lines and as the summary key).</summary>
    string Name { get; }

    /// <summary>Runs the stage.</summary>
    Task RunAsync(DemoContext context);
}
