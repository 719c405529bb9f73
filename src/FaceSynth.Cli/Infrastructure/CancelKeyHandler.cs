using System.Runtime.InteropServices;

namespace FaceSynth.Cli.Infrastructure;

/// <summary>
/// Turns Ctrl-C (SIGINT) and SIGTERM into a cancelled token. A second Ctrl-C terminates the process at once.
/// </summary>
public sealed class CancelKeyHandler : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration? _sigterm;

    private CancelKeyHandler()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                _cts.Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            _sigterm = null;
        }
    }

    /// <summary>The token cancelled by the first Ctrl-C or SIGTERM.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Installs the handlers for the lifetime of the returned object.</summary>
    public static CancelKeyHandler Install() => new();

    /// <summary>Removes the handlers.</summary>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm?.Dispose();
        _cts.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_cts.IsCancellationRequested)
        {
            return; // Second Ctrl-C: let the runtime terminate the process.
        }

        e.Cancel = true;
        _cts.Cancel();
    }
}
