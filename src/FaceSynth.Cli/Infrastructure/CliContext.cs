using System.CommandLine;

namespace FaceSynth.Cli.Infrastructure;

/// <summary>
/// What a command action gets besides its parsed options: the output writers (captured in tests),
/// the cancellation token (Ctrl-C) and a factory for progress reporters.
/// </summary>
public sealed class CliContext
{
    /// <summary>Creates a context over explicit writers.</summary>
    public CliContext(TextWriter output, TextWriter error, CancellationToken cancellation, ProgressMode progressMode = ProgressMode.Auto)
    {
        Out = output;
        Err = error;
        Cancellation = cancellation;
        ProgressMode = ResolveMode(progressMode, error);
    }

    /// <summary>Standard output: results, tables and JSON meant for the user or a pipe.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: progress, warnings and error lines.</summary>
    public TextWriter Err { get; }

    /// <summary>Cancelled on Ctrl-C / SIGTERM.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>How progress is shown (resolved: never <see cref="ProgressMode.Auto"/>).</summary>
    public ProgressMode ProgressMode { get; }

    /// <summary>Creates a context from a parse result's invocation configuration.</summary>
    public static CliContext From(ParseResult parse, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var config = parse.InvocationConfiguration;
        return new CliContext(config.Output, config.Error, cancellation, ProgressModeFromEnvironment());
    }

    /// <summary>
    /// Starts a progress reporter for <paramref name="total"/> items (0 or less: unknown total).
    /// Dispose it when the work is done; it also implements <see cref="IProgress{T}"/> for library calls.
    /// </summary>
    public CliProgress StartProgress(string description, long total = 0) =>
        CliProgress.Start(this, description, total);

    /// <summary>Writes a warning line (<c>warning: ...</c>) to standard error.</summary>
    public void Warn(string message) => Err.WriteLine($"warning: {message}");

    /// <summary>Reads <c>FACESYNTH_PROGRESS</c> (<c>auto</c>, <c>rich</c>, <c>plain</c>, <c>off</c>).</summary>
    public static ProgressMode ProgressModeFromEnvironment() =>
        Environment.GetEnvironmentVariable("FACESYNTH_PROGRESS")?.Trim().ToUpperInvariant() switch
        {
            "RICH" => ProgressMode.Rich,
            "PLAIN" => ProgressMode.Plain,
            "OFF" or "NONE" or "0" => ProgressMode.Off,
            _ => ProgressMode.Auto,
        };

    private static ProgressMode ResolveMode(ProgressMode requested, TextWriter error)
    {
        if (requested != ProgressMode.Auto)
        {
            return requested;
        }

        // Live bars only on a real terminal; captured writers and pipes get plain periodic lines.
        var isConsole = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        var term = Environment.GetEnvironmentVariable("TERM");
        return isConsole && term != "dumb" ? ProgressMode.Rich : ProgressMode.Plain;
    }
}

/// <summary>How a command shows progress.</summary>
public enum ProgressMode
{
    /// <summary>Rich on a terminal, plain when standard error is redirected.</summary>
    Auto,

    /// <summary>Spectre.Console live progress bar with items/s and ETA.</summary>
    Rich,

    /// <summary>A plain line every few seconds and one at the end.</summary>
    Plain,

    /// <summary>No progress output.</summary>
    Off,
}
