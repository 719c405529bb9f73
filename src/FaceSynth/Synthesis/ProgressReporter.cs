using System.Diagnostics;

namespace FaceSynth.Synthesis;

/// <summary>Turns phase-local iterations into <see cref="SamplerProgress"/> reports for the whole run.</summary>
internal sealed class ProgressReporter
{
    private static readonly IReadOnlyDictionary<string, double> NoExtra = new Dictionary<string, double>();
    private readonly IProgress<SamplerProgress>? _sink;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ProgressReporter(IProgress<SamplerProgress>? sink, long total)
    {
        _sink = sink;
        Total = total;
    }

    public long Total { get; }

    /// <summary>Iterations of the phases already finished (added to phase-local iterations).</summary>
    public long Offset { get; set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public bool Enabled => _sink is not null;

    public void Report(string stage, long local, double? loss, double? minDeg, double? meanDeg, bool exact, IReadOnlyDictionary<string, double>? extra = null) =>
        _sink?.Report(new SamplerProgress(stage, Offset + local, Total, _clock.Elapsed, loss, minDeg, meanDeg, exact, extra ?? NoExtra));

    /// <summary>Default reporting interval max(1, T / 200).</summary>
    public static int Every(int configured, long steps) => configured > 0 ? configured : (int)Math.Max(1, steps / 200);
}
