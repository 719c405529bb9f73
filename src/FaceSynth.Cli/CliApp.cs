using System.CommandLine;
using System.CommandLine.Invocation;
using FaceSynth.Cli.Commands;
using FaceSynth.Cli.Infrastructure;

namespace FaceSynth.Cli;

/// <summary>Builds the <c>facesynth</c> command tree and runs it.</summary>
public static class CliApp
{
    /// <summary>Exit code for bad input (malformed file, invalid option value).</summary>
    public const int ExitBadInput = ExitCodes.BadInput;

    /// <summary>Builds the root command with every sub-command.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("FaceSynth: synthetic face identities, face-recognition evaluation, privacy audits and challenge hosting.");

        // ---- Command registration: one line per top-level command (see docs/cli.md, "for command authors"). ----
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(EvalCommand.Build());
        root.Subcommands.Add(SynthCommand.Build());
        root.Subcommands.Add(AuditCommand.Build());
        root.Subcommands.Add(LlmCommand.Build());
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(SubmitCommand.Build());
        VisionCommands.Register(root); // embed; eval bin; synth render (attached to existing parents, so keep it last)
        // ---- end of command registration ----

        return root;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the selected command. Output goes to <paramref name="output"/> and
    /// <paramref name="error"/> (the console when null); <paramref name="cancellation"/> plays the role of Ctrl-C.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellation = default)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        var config = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            // Ctrl-C is turned into the token by Program (CancelKeyHandler); the parser must not add its own handler.
            ProcessTerminationTimeout = null,
        };

        if (parse.Action is ParseErrorAction)
        {
            return ReportParseErrors(parse, config.Error);
        }

        try
        {
            return await parse.InvokeAsync(config, cancellation).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Last line of defence: actions not set through SetGuardedAction.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return CommandActions.Report(config.Error, ex);
        }
    }

    private static int ReportParseErrors(ParseResult parse, TextWriter error)
    {
        foreach (var e in parse.Errors)
        {
            error.WriteLine($"error: {e.Message}");
        }

        var path = new List<string>();
        for (var c = parse.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
        {
            path.Insert(0, c.Command.Name);
        }

        path[0] = "facesynth";
        error.WriteLine($"Run '{string.Join(' ', path)} --help' for usage.");
        error.Flush();
        return ExitCodes.BadInput;
    }
}
