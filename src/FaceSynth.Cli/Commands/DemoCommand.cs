using System.CommandLine;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth demo</c>: FaceSynth's main job on built-in, deterministic synthetic data.</summary>
internal static class DemoCommand
{
    public static Command Build()
    {
        var outOption = new Option<DirectoryInfo>("--out") { Description = "Output folder for the report", DefaultValueFactory = _ => new DirectoryInfo("facesynth-demo") };
        var cmd = new Command("demo", "Generate a deterministic synthetic benchmark in embedding space, evaluate it and write a report.");
        cmd.Options.Add(outOption);
        cmd.SetAction(parse =>
        {
            var dir = parse.GetValue(outOption)!;
            Console.WriteLine($"demo: output would go to {dir.FullName} (not implemented yet)");
            return 0;
        });
        return cmd;
    }
}
