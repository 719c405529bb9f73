using System.CommandLine;
using FaceSynth.Cli.Commands;

namespace FaceSynth.Cli;

/// <summary>Builds the <c>facesynth</c> command tree and runs it.</summary>
public static class CliApp
{
    /// <summary>Exit code for bad input (malformed file, invalid option value).</summary>
    public const int ExitBadInput = 2;

    /// <summary>Builds the root command with every sub-command.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("FaceSynth: synthetic face identities, face-recognition evaluation, privacy audits and challenge hosting.");
        root.Subcommands.Add(DemoCommand.Build());
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the selected command.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        return await parse.InvokeAsync().ConfigureAwait(false);
    }
}
