namespace FaceSynth.Cli.Commands.Demo;

/// <summary>The stages of <c>facesynth demo</c>, in order.</summary>
public static class DemoStages
{
    /// <summary>Creates the stage list for one demo run.</summary>
    public static IReadOnlyList<IDemoStage> All() =>
    [
        // ---- Demo stage registration: one line per stage (later stages: synthesis, audits, ...). ----
        new VerificationDemoStage(),
        new IdentificationDemoStage(),
        new AuditDemoStage(),
        new SynthesisDemoStage(),
        // ---- end of demo stage registration ----
    ];
}
