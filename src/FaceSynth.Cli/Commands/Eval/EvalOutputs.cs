using FaceSynth.Cli.Infrastructure;
using FaceSynth.Reports;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary>Shared handling of <c>--json</c> for the eval commands.</summary>
internal static class EvalOutputs
{
    /// <summary>Writes <paramref name="jsonText"/> to <paramref name="path"/> ('-' = standard output; null = nowhere).</summary>
    public static void WriteJson(CliContext ctx, string? path, string jsonText)
    {
        if (path == "-")
        {
            ctx.Out.WriteLine(jsonText);
        }
        else if (path is not null)
        {
            AtomicFile.WriteAllText(path, jsonText + "\n");
            ctx.Err.WriteLine($"wrote {path}");
        }
    }
}
