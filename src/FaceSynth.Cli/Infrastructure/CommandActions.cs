using System.CommandLine;

namespace FaceSynth.Cli.Infrastructure;

/// <summary>
/// The one way to attach an action to a <c>facesynth</c> command: the action gets a <see cref="CliContext"/>,
/// and every exception is turned into one <c>error: ...</c> line and an exit code (see <see cref="ErrorClassifier"/>).
/// </summary>
public static class CommandActions
{
    /// <summary>Sets an asynchronous action that returns an exit code.</summary>
    public static void SetGuardedAction(this Command command, Func<CliContext, ParseResult, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(action);
        command.SetAction((parse, token) => RunAsync(parse, token, action));
    }

    /// <summary>Sets a synchronous action that returns an exit code.</summary>
    public static void SetGuardedAction(this Command command, Func<CliContext, ParseResult, int> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        command.SetGuardedAction((ctx, parse) => Task.FromResult(action(ctx, parse)));
    }

    /// <summary>Runs <paramref name="action"/> and maps its exceptions to exit codes and one stderr line.</summary>
    public static async Task<int> RunAsync(ParseResult parse, CancellationToken token, Func<CliContext, ParseResult, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(action);
        var ctx = CliContext.From(parse, token);
        try
        {
            // Run off the caller's thread so that synchronous library work cannot block Ctrl-C handling.
            return await Task.Run(() => action(ctx, parse), CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The CLI boundary must catch everything: the user gets a message, not a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Report(ctx.Err, ex);
        }
    }

    /// <summary>Writes the one-line message for <paramref name="ex"/> and returns its exit code.</summary>
    public static int Report(TextWriter error, Exception ex)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (code, message) = ErrorClassifier.Classify(ex);
        var oneLine = message.ReplaceLineEndings(" ").Trim();
        lock (error)
        {
            error.WriteLine(code == ExitCodes.Cancelled ? "cancelled (files already written are complete; partial outputs were not written)" : $"error: {oneLine}");
            if (code == ExitCodes.Failure && Environment.GetEnvironmentVariable("FACESYNTH_DEBUG") == "1")
            {
                error.WriteLine(ex.ToString());
            }

            error.Flush();
        }

        return code;
    }
}
