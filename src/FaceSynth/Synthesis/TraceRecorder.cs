using System.Globalization;
using System.Text;

namespace FaceSynth.Synthesis;

/// <summary>Collects progress reports as trace.csv lines (SYNTHESIS.md 2.3) and forwards them.</summary>
public sealed class TraceRecorder : IProgress<SamplerProgress>
{
    private readonly IProgress<SamplerProgress>? _next;
    private readonly List<SamplerProgress> _items = [];

    /// <summary>Creates a recorder that forwards every report to <paramref name="next"/>.</summary>
    public TraceRecorder(IProgress<SamplerProgress>? next = null) => _next = next;

    /// <summary>Reports so far.</summary>
    public IReadOnlyList<SamplerProgress> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    /// <inheritdoc />
    public void Report(SamplerProgress value)
    {
        lock (_items)
        {
            _items.Add(value);
        }

        _next?.Report(value);
    }

    /// <summary>The CSV text: iteration,elapsed_s,loss,min_angle_deg,mean_nn_angle_deg,exact,&lt;extra keys&gt;.</summary>
    public string ToCsv()
    {
        var items = Items;
        var keys = items.SelectMany(p => p.Extra.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder("iteration,elapsed_s,loss,min_angle_deg,mean_nn_angle_deg,exact");
        foreach (var k in keys)
        {
            sb.Append(',').Append(k);
        }

        sb.Append('\n');
        static string F(double? v) => v is double x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
        foreach (var p in items)
        {
            sb.Append(p.Iteration.ToString(CultureInfo.InvariantCulture)).Append(',').Append(F(p.Elapsed.TotalSeconds)).Append(',')
              .Append(F(p.Loss)).Append(',').Append(F(p.MinAngleDeg)).Append(',').Append(F(p.MeanNnAngleDeg)).Append(',')
              .Append(p.Exact ? "true" : "false");
            foreach (var k in keys)
            {
                sb.Append(',').Append(p.Extra.TryGetValue(k, out var v) ? F(v) : "");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
