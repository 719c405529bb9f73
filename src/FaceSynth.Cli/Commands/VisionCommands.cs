using System.CommandLine;

namespace FaceSynth.Cli.Commands;

/// <summary>
/// Registers the vision commands: <c>embed</c> at the top level, <c>bin</c> under <c>eval</c> and <c>render</c>
/// under <c>synth</c>. Called after every other registration so the parents of other authors already exist;
/// a missing parent is created.
/// </summary>
internal static class VisionCommands
{
    public static void Register(RootCommand root)
    {
        root.Subcommands.Add(EmbedCommand.Build());
        Parent(root, "eval", "Evaluate face recognition.").Subcommands.Add(EvalBinCommand.Build());
        Parent(root, "synth", "Synthetic identities, variations and datasets.").Subcommands.Add(SynthRenderCommand.Build());
    }

    private static Command Parent(RootCommand root, string name, string description)
    {
        var existing = root.Subcommands.FirstOrDefault(c => c.Name == name);
        if (existing is not null)
        {
            return existing;
        }

        var created = new Command(name, description);
        root.Subcommands.Add(created);
        return created;
    }
}
