using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace FaceSynth.Cli.Infrastructure;

/// <summary>
/// Progress of one long-running step, shown on standard error: a Spectre.Console bar with items/s and
/// ETA on a terminal, plain periodic lines when redirected, nothing when off. Thread-safe; pass it to
/// library calls as <see cref="IProgress{T}"/> of <see cref="long"/> or <see cref="int"/>
/// (the number of items completed so far), or call <see cref="Increment"/>.
/// </summary>
public sealed class CliProgress : IProgress<long>, IProgress<int>, IDisposable
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);
    private readonly CliContext _context;
    private readonly string _description;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _completed;
    private long _total;
    private int _disposed;

    private CliProgress(CliContext context, string description, long total)
    {
        _context = context;
        _description = description;
        _total = Math.Max(0, total);
        _loop = context.ProgressMode switch
        {
            ProgressMode.Rich => Task.Run(RunRich),
            ProgressMode.Plain => Task.Run(RunPlainAsync),
            _ => Task.CompletedTask,
        };
    }

    /// <summary>Items completed so far.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Total items (0 = unknown).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Starts showing progress (see <see cref="CliContext.StartProgress"/>).</summary>
    public static CliProgress Start(CliContext context, string description, long total)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new CliProgress(context, description, total);
    }

    /// <summary>Sets the absolute number of completed items (never moves backwards).</summary>
    public void Report(long value)
    {
        var seen = Interlocked.Read(ref _completed);
        while (value > seen)
        {
            var prev = Interlocked.CompareExchange(ref _completed, value, seen);
            if (prev == seen)
            {
                return;
            }

            seen = prev;
        }
    }

    /// <summary>Sets the absolute number of completed items.</summary>
    public void Report(int value) => Report((long)value);

    /// <summary>Adds <paramref name="delta"/> completed items.</summary>
    public void Increment(long delta = 1) => Interlocked.Add(ref _completed, delta);

    /// <summary>Changes the total once it becomes known.</summary>
    public void SetTotal(long total) => Interlocked.Exchange(ref _total, Math.Max(0, total));

    /// <summary>Stops the display and writes a final line (plain mode).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // A display failure must never fail the command.
        }

        if (_context.ProgressMode == ProgressMode.Plain)
        {
            WriteLine(FinalLine());
        }

        _stop.Dispose();
    }

    /// <summary>The periodic plain-mode line (public for tests and custom displays).</summary>
    public string StatusLine()
    {
        var done = Completed;
        var total = Total;
        var secs = _clock.Elapsed.TotalSeconds;
        var rate = secs > 0 ? done / secs : 0;
        var inv = CultureInfo.InvariantCulture;
        if (total > 0)
        {
            var pct = 100.0 * done / total;
            var eta = rate > 0 ? FormatDuration((total - done) / rate) : "?";
            return string.Create(inv, $"{_description}: {done:N0}/{total:N0} ({pct:F1}%), {rate:N0} items/s, ETA {eta}");
        }

        return string.Create(inv, $"{_description}: {done:N0} items, {rate:N0} items/s");
    }

    private string FinalLine()
    {
        var secs = _clock.Elapsed.TotalSeconds;
        var done = Completed;
        var rate = secs > 0 ? done / secs : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{_description}: {done:N0} items in {FormatDuration(secs)} ({rate:N0} items/s)");
    }

    private static string FormatDuration(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0)
        {
            return "?";
        }

        if (seconds < 60)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{seconds:F1} s");
        }

        var ts = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds - 1));
        return ts.ToString(ts.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
    }

    private void WriteLine(string line)
    {
        lock (_context.Err)
        {
            _context.Err.WriteLine(line);
            _context.Err.Flush();
        }
    }

    private async Task RunPlainAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(PlainInterval, _stop.Token).ConfigureAwait(false);
                WriteLine(StatusLine());
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by Dispose.
        }
    }

    private void RunRich()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_context.Err) });
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ItemsPerSecondColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(_description), autoStart: true, maxValue: Math.Max(1, Total));
                task.IsIndeterminate = Total <= 0;
                while (!_stop.IsCancellationRequested)
                {
                    Update(task);
                    _stop.Token.WaitHandle.WaitOne(100);
                }

                Update(task);
                task.StopTask();
            });
    }

    private void Update(ProgressTask task)
    {
        var total = Total;
        if (total > 0)
        {
            task.IsIndeterminate = false;
            task.MaxValue = total;
        }

        task.Value = Math.Min(Completed, Math.Max(1, total == 0 ? Completed : total));
    }
}
