using System.Numerics.Tensors;
using FaceSynth.Embeddings;
using FaceSynth.Synthesis;

namespace FaceSynth.Audit.Translation;

/// <summary>
/// Trains the residual MLP of AUDIT.md 3.3 with hand-written forward and backward passes and AdamW,
/// single-threaded so that a seed gives one result.
/// </summary>
internal static class MlpTrainer
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Eps = 1e-8f;

    public static AdapterFit Train(EmbeddingMatrix x, EmbeddingMatrix y, IReadOnlyList<int> train, IReadOnlyList<int> val, AdapterFit ridge, AdapterOptions o)
    {
        var lin = (LinearTranslator)ridge.Translator;
        int p = x.Dim, q = y.Dim, h = o.Hidden;
        var prm = new[]
        {
            (float[])lin.W.Clone(), (float[])lin.B.Clone(), new float[p * h], new float[h], new float[h * q], new float[q],
        };
        bool[] decay = [true, false, true, false, true, false];
        var rng = new SynthRandom(o.Seed, "adapter/mlp");
        float bound = MathF.Sqrt(6f / p);
        for (int i = 0; i < prm[2].Length; i++)
        {
            prm[2][i] = (float)(((2 * rng.Uniform()) - 1) * bound);
        }

        var m = prm.Select(a => new float[a.Length]).ToArray();
        var v = prm.Select(a => new float[a.Length]).ToArray();
        var grad = prm.Select(a => new float[a.Length]).ToArray();
        int bs = Math.Min(o.BatchSize, train.Count);
        var xb = new float[bs * p];
        var yb = new float[bs * q];
        var z = new float[bs * h];
        var yh = new float[bs * q];
        var gy = new float[bs * q];
        var gz = new float[bs * h];

        MlpTranslator Snapshot() => new(
            (float[])prm[0].Clone(), (float[])prm[1].Clone(), (float[])prm[2].Clone(), (float[])prm[3].Clone(), (float[])prm[4].Clone(), (float[])prm[5].Clone(), p, h, q, o.SourceModel, o.TargetModel);

        var best = Snapshot();
        double bestCos = AdapterTrainer.MeanCosine(best, x, y, val);
        int bestEpoch = 0, since = 0, epochs = 0, step = 0;
        var order = train.ToArray();
        for (int e = 1; e <= o.MaxEpochs && since < o.Patience; e++)
        {
            epochs = e;
            var erng = new SynthRandom(o.Seed, "adapter/epoch", (ulong)e);
            Array.Copy(train.ToArray(), order, order.Length);
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = (int)(erng.Uniform() * (i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }

            for (int start = 0; start < order.Length; start += bs)
            {
                int n = Math.Min(bs, order.Length - start);
                for (int r = 0; r < n; r++)
                {
                    x.Row(order[start + r]).CopyTo(xb.AsSpan(r * p, p));
                    y.Row(order[start + r]).CopyTo(yb.AsSpan(r * q, q));
                }

                Step(prm, grad, xb, yb, z, yh, gy, gz, n, p, h, q, o.Loss);
                step++;
                float lr = (float)o.LearningRate;
                float c1 = 1 - MathF.Pow(Beta1, step), c2 = 1 - MathF.Pow(Beta2, step);
                for (int k = 0; k < prm.Length; k++)
                {
                    Adam(prm[k], grad[k], m[k], v[k], lr, c1, c2, decay[k] ? (float)o.WeightDecay : 0f);
                }
            }

            var snap = Snapshot();
            double cos = AdapterTrainer.MeanCosine(snap, x, y, val);
            if (cos > bestCos)
            {
                (best, bestCos, bestEpoch, since) = (snap, cos, e, 0);
            }
            else
            {
                since++;
            }
        }

        return new AdapterFit
        {
            Translator = best,
            Kind = AdapterKind.Mlp,
            Lambda = ridge.Lambda,
            LambdaRel = ridge.LambdaRel,
            ValidationMeanCosine = bestCos,
            Epochs = epochs,
            BestEpoch = bestEpoch,
            TrainRows = [],
            ValidationRows = [],
            TestRows = [],
        };
    }

    /// <summary>Forward and backward pass of one batch; fills <paramref name="grad"/> with mean-loss gradients.</summary>
    internal static double Step(float[][] prm, float[][] grad, float[] xb, float[] yb, float[] z, float[] yh, float[] gy, float[] gz, int n, int p, int h, int q, MlpLoss loss)
    {
        var (w0, b0, w1, b1, w2, b2) = (prm[0], prm[1], prm[2], prm[3], prm[4], prm[5]);
        double total = 0;
        for (int r = 0; r < n; r++)
        {
            var xr = xb.AsSpan(r * p, p);
            var zr = z.AsSpan(r * h, h);
            var yr = yh.AsSpan(r * q, q);
            Shapes.Affine(xr, w0, b0, yr);
            Shapes.Affine(xr, w1, b1, zr);
            for (int k = 0; k < h; k++)
            {
                float a = MathF.Max(zr[k], 0f);
                if (a != 0)
                {
                    TensorPrimitives.MultiplyAdd(w2.AsSpan(k * q, q), a, yr, yr);
                }
            }

            TensorPrimitives.Add(yr, b2, yr);
            var t = yb.AsSpan(r * q, q);
            var g = gy.AsSpan(r * q, q);
            if (loss == MlpLoss.Mse)
            {
                TensorPrimitives.Subtract(yr, t, g);
                total += TensorPrimitives.SumOfSquares(g) / q;
                TensorPrimitives.Multiply(g, 2f / (q * n), g);
            }
            else
            {
                float ny = MathF.Max(TensorPrimitives.Norm(yr), 1e-12f), nt = MathF.Max(TensorPrimitives.Norm(t), 1e-12f);
                float cos = TensorPrimitives.Dot(yr, t) / (ny * nt);
                total += 1 - cos;
                // d(1 - cos)/dŷ = -(t/|t| - cos ŷ/|ŷ|) / |ŷ|
                for (int j = 0; j < q; j++)
                {
                    g[j] = -((t[j] / nt) - (cos * yr[j] / ny)) / ny / n;
                }
            }
        }

        foreach (var gr in grad)
        {
            Array.Clear(gr);
        }

        for (int r = 0; r < n; r++)
        {
            var xr = xb.AsSpan(r * p, p);
            var g = gy.AsSpan(r * q, q);
            var zr = z.AsSpan(r * h, h);
            var gzr = gz.AsSpan(r * h, h);
            TensorPrimitives.Add(grad[1], g, grad[1]);
            TensorPrimitives.Add(grad[5], g, grad[5]);
            for (int k = 0; k < h; k++)
            {
                float a = MathF.Max(zr[k], 0f);
                if (a != 0)
                {
                    var gw2 = grad[4].AsSpan(k * q, q);
                    TensorPrimitives.MultiplyAdd(g, a, gw2, gw2);
                    gzr[k] = TensorPrimitives.Dot(g, w2.AsSpan(k * q, q));
                }
                else
                {
                    gzr[k] = 0;
                }
            }

            TensorPrimitives.Add(grad[3], gzr, grad[3]);
            for (int i = 0; i < p; i++)
            {
                float xi = xr[i];
                if (xi == 0)
                {
                    continue;
                }

                var gw0 = grad[0].AsSpan(i * q, q);
                TensorPrimitives.MultiplyAdd(g, xi, gw0, gw0);
                var gw1 = grad[2].AsSpan(i * h, h);
                TensorPrimitives.MultiplyAdd(gzr, xi, gw1, gw1);
            }
        }

        return total / n;
    }

    private static void Adam(float[] w, float[] g, float[] m, float[] v, float lr, float c1, float c2, float wd)
    {
        for (int i = 0; i < w.Length; i++)
        {
            m[i] = (Beta1 * m[i]) + ((1 - Beta1) * g[i]);
            v[i] = (Beta2 * v[i]) + ((1 - Beta2) * g[i] * g[i]);
            float mh = m[i] / c1, vh = v[i] / c2;
            w[i] -= lr * ((mh / (MathF.Sqrt(vh) + Eps)) + (wd * w[i]));
        }
    }
}
