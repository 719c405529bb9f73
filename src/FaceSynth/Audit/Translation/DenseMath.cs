namespace FaceSynth.Audit.Translation;

/// <summary>Small dense linear algebra in double: Gram matrices, Cholesky solves, one-sided Jacobi SVD.</summary>
internal static class DenseMath
{
    /// <summary>Column means of the rows selected by <paramref name="rows"/> (n x d row-major data).</summary>
    public static double[] Mean(float[] data, int d, IReadOnlyList<int> rows)
    {
        var m = new double[d];
        foreach (int r in rows)
        {
            var x = data.AsSpan(r * d, d);
            for (int j = 0; j < d; j++)
            {
                m[j] += x[j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            m[j] /= rows.Count;
        }

        return m;
    }

    /// <summary>(X - mx)^T (Y - my) over the selected rows: p x q row-major.</summary>
    public static double[] CrossCentered(float[] x, int p, double[] mx, float[] y, int q, double[] my, IReadOnlyList<int> rows)
    {
        var g = new double[p * q];
        var xc = new double[p];
        var yc = new double[q];
        foreach (int r in rows)
        {
            for (int i = 0; i < p; i++)
            {
                xc[i] = x[(r * p) + i] - mx[i];
            }

            for (int j = 0; j < q; j++)
            {
                yc[j] = y[(r * q) + j] - my[j];
            }

            for (int i = 0; i < p; i++)
            {
                double xi = xc[i];
                if (xi == 0)
                {
                    continue;
                }

                var gi = g.AsSpan(i * q, q);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(yc, xi, gi, gi);
            }
        }

        return g;
    }

    /// <summary>Cholesky factor L (lower, row-major) of a symmetric n x n matrix; false when not positive definite.</summary>
    public static bool Cholesky(double[] a, int n, out double[] l)
    {
        l = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double s = a[(j * n) + j];
            for (int k = 0; k < j; k++)
            {
                s -= l[(j * n) + k] * l[(j * n) + k];
            }

            if (!(s > 1e-300) || !double.IsFinite(s))
            {
                return false;
            }

            double ljj = Math.Sqrt(s);
            l[(j * n) + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double t = a[(i * n) + j];
                for (int k = 0; k < j; k++)
                {
                    t -= l[(i * n) + k] * l[(j * n) + k];
                }

                l[(i * n) + j] = t / ljj;
            }
        }

        return true;
    }

    /// <summary>Solves L L^T X = B for the n x m right-hand side B (row-major), in place.</summary>
    public static void CholeskySolve(double[] l, int n, double[] b, int m)
    {
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < i; k++)
            {
                double lik = l[(i * n) + k];
                for (int c = 0; c < m; c++)
                {
                    b[(i * m) + c] -= lik * b[(k * m) + c];
                }
            }

            double inv = 1 / l[(i * n) + i];
            for (int c = 0; c < m; c++)
            {
                b[(i * m) + c] *= inv;
            }
        }

        for (int i = n - 1; i >= 0; i--)
        {
            for (int k = i + 1; k < n; k++)
            {
                double lki = l[(k * n) + i];
                for (int c = 0; c < m; c++)
                {
                    b[(i * m) + c] -= lki * b[(k * m) + c];
                }
            }

            double inv = 1 / l[(i * n) + i];
            for (int c = 0; c < m; c++)
            {
                b[(i * m) + c] *= inv;
            }
        }
    }

    /// <summary>
    /// One-sided Jacobi SVD of the square n x n matrix A (row-major): A = U diag(s) V^T. Rotates column
    /// pairs until all are orthogonal; U's columns are the normalised result columns.
    /// </summary>
    public static (double[] U, double[] S, double[] V) Svd(double[] a, int n)
    {
        // Work on columns as contiguous rows of the transpose for cache-friendly rotations.
        var w = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                w[(j * n) + i] = a[(i * n) + j];
            }
        }

        var v = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            v[(i * n) + i] = 1;
        }

        for (int sweep = 0; sweep < 60; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n - 1; p++)
            {
                var cp = w.AsSpan(p * n, n);
                for (int q = p + 1; q < n; q++)
                {
                    var cq = w.AsSpan(q * n, n);
                    double alpha = Dot(cp, cp), beta = Dot(cq, cq), gamma = Dot(cp, cq);
                    if (gamma == 0 || Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta))
                    {
                        continue;
                    }

                    off = Math.Max(off, Math.Abs(gamma) / Math.Sqrt(alpha * beta));
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + (zeta * zeta)));
                    double c = 1 / Math.Sqrt(1 + (t * t)), s = c * t;
                    Rotate(cp, cq, c, s);
                    Rotate(v.AsSpan(p * n, n), v.AsSpan(q * n, n), c, s);
                }
            }

            if (off < 1e-14)
            {
                break;
            }
        }

        var sv = new double[n];
        var u = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            var col = w.AsSpan(j * n, n);
            sv[j] = Math.Sqrt(Dot(col, col));
            for (int i = 0; i < n; i++)
            {
                u[(i * n) + j] = sv[j] > 0 ? col[i] / sv[j] : (i == j ? 1 : 0);
            }
        }

        // v holds V's columns as rows: transpose into row-major V.
        var vr = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                vr[(i * n) + j] = v[(j * n) + i];
            }
        }

        return (u, sv, vr);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static void Rotate(Span<double> p, Span<double> q, double c, double s)
    {
        for (int i = 0; i < p.Length; i++)
        {
            double x = p[i], y = q[i];
            p[i] = (c * x) - (s * y);
            q[i] = (s * x) + (c * y);
        }
    }
}
