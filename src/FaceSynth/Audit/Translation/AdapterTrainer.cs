using System.Numerics.Tensors;
using FaceSynth.Embeddings;

namespace FaceSynth.Audit.Translation;

/// <summary>Fits embedding translators from row-aligned source/target sets (AUDIT.md 3.2-3.3).</summary>
public static class AdapterTrainer
{
    /// <summary>
    /// Fits a translator from <paramref name="source"/> (n x p) to <paramref name="target"/> (n x q), rows of the
    /// same images in the same order; <paramref name="subjects"/> (null: every row its own subject) drive the split.
    /// </summary>
    public static AdapterFit Fit(EmbeddingMatrix source, EmbeddingMatrix target, IReadOnlyList<string>? subjects, AdapterOptions? options = null)
    {
        options ??= new AdapterOptions();
        var (x, y) = Prepare(source, target, options.NormalizeInput);
        subjects ??= Enumerable.Range(0, source.Rows).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (subjects.Count != source.Rows)
        {
            throw new FaceSynthDataException("subjects", $"{subjects.Count} labels for {source.Rows} rows");
        }

        var (train, val, test) = SubjectSplit.Split(subjects, options.Seed, options.TrainFraction, options.ValidationFraction);
        if (train.Length < 2)
        {
            throw new FaceSynthDataException("adapter training data", $"only {train.Length} training rows after the subject split; more subjects are needed");
        }

        IReadOnlyList<int> valRows = val.Length > 0 ? val : train;
        AdapterFit fit = options.Kind switch
        {
            AdapterKind.Linear => FitRidge(x, y, train, valRows, options),
            AdapterKind.Procrustes => FitProcrustes(x, y, train, valRows, options),
            AdapterKind.Mlp => MlpTrainer.Train(x, y, train, valRows, FitRidge(x, y, train, valRows, options), options),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
        return fit with { TrainRows = train, ValidationRows = val, TestRows = test };
    }

    /// <summary>Copies, checks and normalises the two sets (errors name the set and row).</summary>
    internal static (EmbeddingMatrix X, EmbeddingMatrix Y) Prepare(EmbeddingMatrix source, EmbeddingMatrix target, bool normalizeInput)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Rows != target.Rows)
        {
            throw new FaceSynthDataException("adapter data", $"source has {source.Rows} rows, target {target.Rows}: the sets must be row-aligned (same images)");
        }

        if (source.Rows == 0)
        {
            throw new FaceSynthDataException("adapter data", "empty embedding sets");
        }

        var x = source.Clone();
        var y = target.Clone();
        AuditInputs.CheckRows(x, "source", normalize: normalizeInput);
        AuditInputs.CheckRows(y, "target", normalize: true);
        return (x, y);
    }

    /// <summary>Mean cosine between translated source rows and target rows over <paramref name="rows"/>.</summary>
    public static double MeanCosine(IEmbeddingTranslator t, EmbeddingMatrix x, EmbeddingMatrix y, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(rows);
        var outRow = new float[t.OutputDim];
        double sum = 0;
        foreach (int r in rows)
        {
            t.Translate(x.Row(r), outRow, 1);
            sum += Cosine(outRow, y.Row(r));
        }

        return rows.Count == 0 ? double.NaN : sum / rows.Count;
    }

    internal static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double na = TensorPrimitives.Norm(a), nb = TensorPrimitives.Norm(b);
        return na == 0 || nb == 0 ? 0 : TensorPrimitives.Dot(a, b) / (na * nb);
    }

    private static AdapterFit FitRidge(EmbeddingMatrix x, EmbeddingMatrix y, IReadOnlyList<int> train, IReadOnlyList<int> val, AdapterOptions o)
    {
        int p = x.Dim, q = y.Dim;
        var mx = DenseMath.Mean(x.Data, p, train);
        var my = DenseMath.Mean(y.Data, q, train);
        var g = DenseMath.CrossCentered(x.Data, p, mx, x.Data, p, mx, train);
        var c = DenseMath.CrossCentered(x.Data, p, mx, y.Data, q, my, train);
        double trace = 0;
        for (int i = 0; i < p; i++)
        {
            trace += g[(i * p) + i];
        }

        AdapterFit? best = null;
        foreach (double rel in o.LambdaRel.Order())
        {
            double lambda = rel * trace / p;
            var a = (double[])g.Clone();
            for (int i = 0; i < p; i++)
            {
                a[(i * p) + i] += lambda;
            }

            if (!DenseMath.Cholesky(a, p, out var l))
            {
                continue;
            }

            var w = (double[])c.Clone();
            DenseMath.CholeskySolve(l, p, w, q);
            var t = Affine(w, mx, my, p, q, o);
            double cos = MeanCosine(t, x, y, val);
            if (double.IsFinite(cos) && (best is null || cos >= best.ValidationMeanCosine))
            {
                best = new AdapterFit { Translator = t, Kind = AdapterKind.Linear, Lambda = lambda, LambdaRel = rel, ValidationMeanCosine = cos, TrainRows = [], ValidationRows = [], TestRows = [] };
            }
        }

        return best ?? throw new FaceSynthDataException("adapter training data", "every ridge system was singular (too few distinct training rows for the dimension; add rows or larger lambda values)");
    }

    /// <summary>W (double, p x q) and b = ȳ - x̄ W as a float translator.</summary>
    private static LinearTranslator Affine(double[] w, double[] mx, double[] my, int p, int q, AdapterOptions o)
    {
        var wf = new float[p * q];
        var bf = new float[q];
        for (int j = 0; j < q; j++)
        {
            double bj = my[j];
            for (int i = 0; i < p; i++)
            {
                bj -= mx[i] * w[(i * q) + j];
            }

            bf[j] = (float)bj;
        }

        for (int i = 0; i < wf.Length; i++)
        {
            wf[i] = (float)w[i];
        }

        return new LinearTranslator(wf, bf, p, q, o.SourceModel, o.TargetModel);
    }

    private static AdapterFit FitProcrustes(EmbeddingMatrix x, EmbeddingMatrix y, IReadOnlyList<int> train, IReadOnlyList<int> val, AdapterOptions o)
    {
        int p = x.Dim, q = y.Dim;
        if (p != q)
        {
            throw new FaceSynthDataException("adapter data", $"Procrustes needs equal dimensions, got source {p} and target {q}; use --kind linear");
        }

        var mx = o.Center ? DenseMath.Mean(x.Data, p, train) : new double[p];
        var my = o.Center ? DenseMath.Mean(y.Data, q, train) : new double[q];
        var m = DenseMath.CrossCentered(x.Data, p, mx, y.Data, q, my, train);
        var (u, s, v) = DenseMath.Svd(m, p);
        var r = new double[p * p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                double acc = 0;
                for (int k = 0; k < p; k++)
                {
                    acc += u[(i * p) + k] * v[(j * p) + k];
                }

                r[(i * p) + j] = acc;
            }
        }

        if (o.Scale)
        {
            double frob = 0;
            foreach (int row in train)
            {
                for (int i = 0; i < p; i++)
                {
                    double d = x.Data[(row * p) + i] - mx[i];
                    frob += d * d;
                }
            }

            double scale = s.Sum() / frob;
            for (int i = 0; i < r.Length; i++)
            {
                r[i] *= scale;
            }
        }

        var t = Affine(r, mx, my, p, q, o);
        return new AdapterFit { Translator = t, Kind = AdapterKind.Procrustes, ValidationMeanCosine = MeanCosine(t, x, y, val), TrainRows = [], ValidationRows = [], TestRows = [] };
    }
}
