using System.Collections.Concurrent;
using FaceSynth.Reports.Plots;
using FaceSynth.Server.Data;

namespace FaceSynth.Server.Web;

/// <summary>ROC and DET plots of a submission (rendered with FaceSynth.Reports on first request, then kept in memory).</summary>
internal sealed class PlotCache
{
    private const int MaxEntries = 256;
    private readonly ConcurrentDictionary<(long, DateTimeOffset?, string), PlotImage> _plots = new();

    /// <summary>The plot <paramref name="kind"/> (<c>roc</c> or <c>det</c>) of a scored submission.</summary>
    public PlotImage Get(ServerRuntime rt, Submission s, string kind)
    {
        var key = (s.Id, s.ScoredAt, kind);
        if (_plots.TryGetValue(key, out var hit))
        {
            return hit;
        }

        var result = rt.Leaderboards.Result(s);
        var series = result.Benchmarks.Select(b => new ErrorCurveSeries(b.Benchmark, b.RocFmr, b.RocFnmr)).ToList();
        var options = new PlotOptions { Width = 720, Height = 540, Title = $"Submission #{s.Id}: {(kind == "roc" ? "ROC" : "DET")}" };
        var image = kind == "roc" ? ErrorPlots.Roc(series, options) : ErrorPlots.Det(series, options);
        if (_plots.Count >= MaxEntries)
        {
            _plots.Clear();
        }

        _plots[key] = image;
        return image;
    }
}
