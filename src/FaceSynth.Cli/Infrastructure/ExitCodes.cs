namespace FaceSynth.Cli.Infrastructure;

/// <summary>The process exit codes of every <c>facesynth</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug or an environment problem); the message is printed without a stack trace.</summary>
    public const int Failure = 1;

    /// <summary>Bad input: a malformed file, a missing file, an invalid option value or combination.</summary>
    public const int BadInput = 2;

    /// <summary>Cancelled by Ctrl-C (SIGINT) or SIGTERM; files already written stay intact.</summary>
    public const int Cancelled = 130;
}
