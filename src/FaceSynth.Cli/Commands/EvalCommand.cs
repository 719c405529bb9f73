using System.CommandLine;
using FaceSynth.Cli.Commands.Eval;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth eval</c>: verification and identification evaluation from scores or embeddings.</summary>
internal static class EvalCommand
{
    public static Command Build()
    {
        var cmd = new Command("eval", "Evaluate face recognition: score files, pair protocols, IJB templates, 1:N search.");
        cmd.Subcommands.Add(EvalScoresCommand.Build());
        cmd.Subcommands.Add(EvalPairsCommand.Build());
        cmd.Subcommands.Add(EvalSearchCommand.Build());
        cmd.Subcommands.Add(EvalIjbCommand.Build());
        return cmd;
    }
}
