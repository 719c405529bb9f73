using System.Numerics.Tensors;
using FaceSynth.Embeddings;
using FaceSynth.Metrics;

namespace FaceSynth.Audit.Inversion;

/// <summary>Type-I: against the inverted image itself; Type-II: against the subject's other images (AUDIT.md 2.1).</summary>
public enum AttackType
{
    /// <summary>Compare with the very template that was inverted.</summary>
    TypeI,

    /// <summary>Compare with every other image of the same subject.</summary>
    TypeII,
}

/// <summary>One reconstructed attack image: which source system's template of which dataset row it inverts.</summary>
/// <param name="Source">Source system whose template leaked.</param>
/// <param name="TemplateRow">Row of the dataset that was inverted.</param>
/// <param name="Path">Attack image path (for reports).</param>
public sealed record InversionAttack(string Source, int TemplateRow, string? Path = null);

/// <summary>
/// A target system: its embeddings of the dataset D (subjects required) and of every attack image (rows aligned
/// with the attack list; a non-finite or zero row = no face detected, a failed attack).
/// </summary>
/// <param name="Name">Target system name.</param>
/// <param name="Dataset">T's embeddings of D.</param>
/// <param name="Attacks">T's embeddings of the attack images.</param>
/// <param name="IsGeneratorSpace">Whether T is the generator's own FR model (marked in the matrix).</param>
public sealed record InversionTarget(string Name, AuditSet Dataset, EmbeddingMatrix Attacks, bool IsGeneratorSpace = false);

/// <summary>SAR of one (source, target, type, f) cell.</summary>
/// <param name="Source">Source system.</param>
/// <param name="Target">Target system.</param>
/// <param name="Type">Attack type.</param>
/// <param name="Threshold">τ_T(f) with TMR context.</param>
/// <param name="Accepted">Accepted comparisons.</param>
/// <param name="Comparisons">All comparisons (failed attacks included).</param>
/// <param name="Sar">Accepted / comparisons.</param>
/// <param name="SarCi">Clopper-Pearson 95% interval.</param>
/// <param name="AnyMatchRate">Type-II: fraction of attacks accepted against at least one other image (NaN for Type-I).</param>
/// <param name="Attacks">Attacks behind the cell.</param>
/// <param name="FailedAttacks">Attacks without a face (FTA).</param>
public sealed record SarCell(string Source, string Target, AttackType Type, FmrThreshold Threshold, long Accepted, long Comparisons, double Sar, ConfidenceInterval SarCi, double AnyMatchRate, int Attacks, int FailedAttacks);

/// <summary>One scored comparison (for the attacks CSV).</summary>
/// <param name="Attack">Attack index.</param>
/// <param name="Target">Target system.</param>
/// <param name="Type">Type.</param>
/// <param name="ComparedRow">Dataset row compared with.</param>
/// <param name="Score">Score (−∞ for failed attacks).</param>
public sealed record AttackComparison(int Attack, string Target, AttackType Type, int ComparedRow, double Score);

/// <summary>Result of the template inversion audit.</summary>
/// <param name="Cells">All SAR cells.</param>
/// <param name="Thresholds">Thresholds per target.</param>
/// <param name="Comparisons">Every comparison.</param>
/// <param name="Warnings">Warnings.</param>
public sealed record InversionResult(IReadOnlyList<SarCell> Cells, IReadOnlyDictionary<string, IReadOnlyList<FmrThreshold>> Thresholds, IReadOnlyList<AttackComparison> Comparisons, IReadOnlyList<string> Warnings)
{
    /// <summary>Transferability matrix for one type and FMR: rows = sources, columns = targets, NaN where absent.</summary>
    public (string[] Sources, string[] Targets, double[,] Sar) Matrix(AttackType type, double fmr)
    {
        var cells = Cells.Where(c => c.Type == type && c.Threshold.Fmr.Equals(fmr)).ToList();
        var sources = cells.Select(c => c.Source).Distinct().Order(StringComparer.Ordinal).ToArray();
        var targets = cells.Select(c => c.Target).Distinct().Order(StringComparer.Ordinal).ToArray();
        var m = new double[sources.Length, targets.Length];
        for (int i = 0; i < sources.Length; i++)
        {
            for (int j = 0; j < targets.Length; j++)
            {
                m[i, j] = cells.FirstOrDefault(c => c.Source == sources[i] && c.Target == targets[j])?.Sar ?? double.NaN;
            }
        }

        return (sources, targets, m);
    }
}

/// <summary>Template inversion evaluation (AUDIT.md 2.3): SAR at thresholds on each target's own impostor scores.</summary>
public static class InversionAudit
{
    /// <summary>Scores every attack against every target and aggregates SAR cells.</summary>
    public static InversionResult Run(IReadOnlyList<InversionTarget> targets, IReadOnlyList<InversionAttack> attacks, IReadOnlyList<double>? fmrs = null, long maxPairs = ImpostorThresholds.DefaultMaxPairs, ulong seed = 7)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(attacks);
        fmrs ??= [1e-2, 1e-3];
        if (targets.Count == 0 || attacks.Count == 0)
        {
            throw new FaceSynthDataException("inversion inputs", "at least one target system and one attack are required");
        }

        var cells = new List<SarCell>();
        var comparisons = new List<AttackComparison>();
        var thresholds = new Dictionary<string, IReadOnlyList<FmrThreshold>>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var t in targets)
        {
            var d = t.Dataset;
            if (d.Subjects is null)
            {
                throw new FaceSynthDataException(d.Source, "template inversion needs subject labels for the dataset");
            }

            AuditInputs.CheckRows(d.Embeddings, d.Source, normalize: true);
            if (t.Attacks.Rows != attacks.Count || t.Attacks.Dim != d.Embeddings.Dim)
            {
                throw new FaceSynthDataException(t.Name, $"attack embeddings are {t.Attacks.Rows} x {t.Attacks.Dim}; expected {attacks.Count} rows (one per attack) of dimension {d.Embeddings.Dim}");
            }

            var th = ImpostorThresholds.FromReference(d, fmrs, maxPairs, seed);
            thresholds[t.Name] = th;
            var (ids, _) = d.SubjectIds();
            var bySubject = ids.Select((id, row) => (id, row)).GroupBy(x => x.id).ToDictionary(g => g.Key, g => g.Select(x => x.row).ToArray());
            var scoresI = new double[attacks.Count];
            var scoresII = new List<(int Attack, int Row, double Score)>();
            var failed = new bool[attacks.Count];
            var a = new float[d.Embeddings.Dim];
            for (int k = 0; k < attacks.Count; k++)
            {
                int x = attacks[k].TemplateRow;
                if (x < 0 || x >= d.Rows)
                {
                    throw new FaceSynthDataException("attacks", $"attack {k}: template_row {x} is outside the dataset's {d.Rows} rows");
                }

                t.Attacks.Row(k).CopyTo(a);
                float norm = TensorPrimitives.Norm(a);
                failed[k] = !(float.IsFinite(norm) && norm > 0);
                if (!failed[k])
                {
                    TensorPrimitives.Multiply(a, 1 / norm, a);
                }

                double Score(int row) => failed[k] ? double.NegativeInfinity : TensorPrimitives.Dot(a, d.Embeddings.Row(row));
                scoresI[k] = Score(x);
                comparisons.Add(new AttackComparison(k, t.Name, AttackType.TypeI, x, scoresI[k]));
                foreach (int y in bySubject[ids[x]])
                {
                    if (y != x)
                    {
                        double s = Score(y);
                        scoresII.Add((k, y, s));
                        comparisons.Add(new AttackComparison(k, t.Name, AttackType.TypeII, y, s));
                    }
                }
            }

            if (scoresII.Count == 0)
            {
                warnings.Add($"{t.Name}: no attacked subject has a second image; Type-II SAR is not available");
            }

            foreach (var source in attacks.Select(x => x.Source).Distinct().Order(StringComparer.Ordinal))
            {
                var mine = Enumerable.Range(0, attacks.Count).Where(k => attacks[k].Source == source).ToArray();
                var mineSet = mine.ToHashSet();
                int fta = mine.Count(k => failed[k]);
                foreach (var f in th)
                {
                    float tau = f.TauFloat;
                    long accI = mine.LongCount(k => scoresI[k] >= tau);
                    cells.Add(Cell(source, t.Name, AttackType.TypeI, f, accI, mine.Length, double.NaN, mine.Length, fta));
                    var ii = scoresII.Where(s => mineSet.Contains(s.Attack)).ToList();
                    if (ii.Count > 0)
                    {
                        long accII = ii.LongCount(s => s.Score >= tau);
                        var withOthers = ii.Select(s => s.Attack).Distinct().ToArray();
                        double any = (double)withOthers.Count(k => ii.Any(s => s.Attack == k && s.Score >= tau)) / withOthers.Length;
                        cells.Add(Cell(source, t.Name, AttackType.TypeII, f, accII, ii.Count, any, withOthers.Length, withOthers.Count(k => failed[k])));
                    }
                }
            }
        }

        return new InversionResult(cells, thresholds, comparisons, warnings);
    }

    private static SarCell Cell(string source, string target, AttackType type, FmrThreshold f, long accepted, long n, double any, int attacks, int fta) =>
        new(source, target, type, f, accepted, n, (double)accepted / n, ClopperPearson.Interval(accepted, n), any, attacks, fta);
}
