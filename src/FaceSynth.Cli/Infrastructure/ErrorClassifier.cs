using System.Text.Json;

namespace FaceSynth.Cli.Infrastructure;

/// <summary>Turns an exception escaping a command into an exit code and one line for the user.</summary>
public static class ErrorClassifier
{
    /// <summary>
    /// Classifies <paramref name="ex"/>: user-input problems give <see cref="ExitCodes.BadInput"/>,
    /// cancellation gives <see cref="ExitCodes.Cancelled"/>, anything else <see cref="ExitCodes.Failure"/>.
    /// </summary>
    public static (int ExitCode, string Message) Classify(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is AggregateException agg && agg.InnerExceptions.Count == 1)
        {
            return Classify(agg.InnerExceptions[0]);
        }

        return ex switch
        {
            OperationCanceledException => (ExitCodes.Cancelled, "cancelled"),
            FaceSynthDataException => (ExitCodes.BadInput, ex.Message),
            FileNotFoundException fnf => (ExitCodes.BadInput, fnf.FileName is { Length: > 0 } f ? $"file not found: {f}" : ex.Message),
            DirectoryNotFoundException => (ExitCodes.BadInput, ex.Message),
            InvalidDataException => (ExitCodes.BadInput, ex.Message),
            ArgumentException ae => (ExitCodes.BadInput, StripParameterSuffix(ae)),
            CliUsageException => (ExitCodes.BadInput, ex.Message),
            JsonException => (ExitCodes.BadInput, ex.Message),
            UnauthorizedAccessException => (ExitCodes.BadInput, ex.Message),
            _ => (ExitCodes.Failure, $"{ex.GetType().Name}: {ex.Message}"),
        };
    }

    // ArgumentException appends " (Parameter 'name')", which means nothing to a command-line user.
    private static string StripParameterSuffix(ArgumentException ae)
    {
        var msg = ae.Message;
        if (ae.ParamName is { } p)
        {
            var suffix = $" (Parameter '{p}')";
            var at = msg.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0)
            {
                msg = msg.Remove(at, suffix.Length);
            }
        }

        return msg;
    }
}
