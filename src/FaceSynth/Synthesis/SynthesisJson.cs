using System.Text.Json.Nodes;

namespace FaceSynth.Synthesis;

/// <summary>JSON forms of the synthesis metrics (schema <c>facesynth.synthesis-metrics/1</c>); NaN and infinities become null.</summary>
public static class SynthesisJson
{
    /// <summary>A number node, or null when not finite.</summary>
    public static JsonNode? Num(double? v) => v is double x && double.IsFinite(x) ? JsonValue.Create(x) : null;

    /// <summary>An options dictionary as JSON.</summary>
    public static JsonObject Options(IReadOnlyDictionary<string, object?> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = new JsonObject();
        foreach (var (k, v) in options)
        {
            o[k] = v switch
            {
                null => null,
                double dv => Num(dv),
                float fv => Num(fv),
                int iv => iv,
                long lv => lv,
                bool bv => bv,
                _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        return o;
    }

    /// <summary>Histogram as sparse (bin -> count) with its binning.</summary>
    public static JsonObject Histogram(CosineHistogram h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var counts = new JsonObject();
        for (int b = 0; b < CosineHistogram.Bins; b++)
        {
            if (h.Counts[b] != 0)
            {
                counts[b.ToString(System.Globalization.CultureInfo.InvariantCulture)] = h.Counts[b];
            }
        }

        return new JsonObject
        {
            ["bins"] = CosineHistogram.Bins,
            ["lo"] = -1.0,
            ["width"] = CosineHistogram.Width,
            ["count"] = h.Count,
            ["mean"] = Num(h.Mean),
            ["std"] = Num(h.Std),
            ["counts"] = counts,
        };
    }

    /// <summary>Inter-identity metrics, with the reference comparison when one is known.</summary>
    public static JsonObject Inter(InterIdentityMetrics m, KnownOptimum? reference)
    {
        ArgumentNullException.ThrowIfNull(m);
        var nn = m.NnAngleDeg;
        var prop = new JsonObject();
        foreach (var (t, p) in m.PropPairsAboveAngle)
        {
            prop[t.ToString("R", System.Globalization.CultureInfo.InvariantCulture)] = p;
        }

        var uniq = new JsonArray();
        foreach (var u in m.Uniqueness)
        {
            uniq.Add(new JsonObject { ["cos"] = u.Cos, ["greedy_unique_fraction"] = u.GreedyUniqueFraction, ["isolated_fraction"] = u.IsolatedFraction });
        }

        return new JsonObject
        {
            ["count"] = m.Count,
            ["dim"] = m.Dim,
            ["nn_angle_deg"] = new JsonObject
            {
                ["min"] = Num(nn.Min),
                ["mean"] = Num(nn.Mean),
                ["median"] = Num(nn.Median),
                ["p01"] = Num(nn.P01),
                ["p99"] = Num(nn.P99),
                ["max"] = Num(nn.Max),
            },
            ["max_cos"] = Num(m.MaxCos),
            ["cos_all"] = Histogram(m.CosAll),
            ["prop_pairs_above_angle"] = prop,
            ["uniqueness"] = uniq,
            ["gallery_distance"] = Num(m.GalleryDistance),
            ["random_baseline_max_cos"] = Num(m.RandomBaselineMaxCos),
            ["reference"] = reference is null ? null : new JsonObject
            {
                ["reference_deg"] = reference.AngleDeg,
                ["case"] = reference.Case,
                ["proven"] = reference.Proven,
                ["gap_deg"] = Num(reference.AngleDeg - m.MinAngleDeg),
            },
        };
    }

    /// <summary>Intra-class metrics.</summary>
    public static JsonObject Intra(IntraClassMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        static JsonObject Stats(CosineStats s) => new()
        {
            ["mean"] = Num(s.Mean),
            ["std"] = Num(s.Std),
            ["p05"] = Num(s.P05),
            ["p50"] = Num(s.P50),
            ["p95"] = Num(s.P95),
            ["histogram"] = Histogram(s.Histogram),
        };
        var v = m.Verification;
        return new JsonObject
        {
            ["cos_to_reference"] = Stats(m.CosToReference),
            ["worst_identity"] = m.WorstIdentity,
            ["worst_identity_mean_cos"] = Num(m.WorstIdentityMeanCos),
            ["cos_within"] = m.CosWithin is null ? null : Stats(m.CosWithin),
            ["confusion_rate"] = Num(m.ConfusionRate),
            ["verification"] = v is null ? null : new JsonObject
            {
                ["genuine_pairs"] = v.Genuine,
                ["impostor_pairs"] = v.Impostor,
                ["impostors_sampled"] = v.ImpostorsSampled,
                ["eer"] = Num(v.Eer),
                ["fnmr_at_fmr_1e-3"] = Num(v.FnmrAtFmr1e3),
                ["fnmr_at_fmr_1e-4"] = Num(v.FnmrAtFmr1e4),
                ["d_prime"] = Num(v.DPrime),
            },
        };
    }
}
