using FaceSynth.Cli.Infrastructure;
using FaceSynth.Scores;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary>Loads score sets from the command-line choices: a score file, or a genuine/impostor .npy pair.</summary>
internal static class ScoreInputs
{
    /// <summary>The names accepted by <c>--format</c>.</summary>
    public static readonly string[] FormatNames = ["auto", "2col", "4col", "5col", "csv"];

    public static ScoreFileFormat ParseFormat(string? name) => name switch
    {
        null or "auto" => ScoreFileFormat.Auto,
        "2col" => ScoreFileFormat.TwoColumn,
        "4col" => ScoreFileFormat.FourColumn,
        "5col" => ScoreFileFormat.FiveColumn,
        "csv" => ScoreFileFormat.Csv,
        _ => throw new CliUsageException($"unknown score format '{name}'; use one of {string.Join(", ", FormatNames)}"),
    };

    /// <summary>
    /// One set from either <paramref name="file"/> or the pair (<paramref name="genuine"/>, <paramref name="impostor"/>);
    /// null when none of them is given. <paramref name="what"/> names the set in messages ("evaluation", "development").
    /// </summary>
    public static ScoreSet? Load(string what, FileInfo? file, FileInfo? genuine, FileInfo? impostor, ScoreFileFormat format, bool formatGiven, string fileOption, string pairOptions)
    {
        if (file is not null && (genuine is not null || impostor is not null))
        {
            throw new CliUsageException($"give the {what} scores either as {fileOption} or as {pairOptions}, not both");
        }

        if (genuine is not null != (impostor is not null))
        {
            throw new CliUsageException($"{pairOptions} must be given together (the {what} set needs both sides)");
        }

        if (file is not null)
        {
            return ScoreFile.ReadScoreSet(file.FullName, format);
        }

        if (genuine is not null)
        {
            if (formatGiven)
            {
                throw new CliUsageException("--format applies to score files; .npy score arrays need no format");
            }

            return ScoreFile.ReadNpyPair(genuine.FullName, impostor!.FullName);
        }

        return null;
    }
}
