using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Synthesis;

/// <summary>
/// Verlet neighbour lists for the Langevin forces (SYNTHESIS.md 3.3.3): NL(i) = {j : θ_ij &lt; d0 + skin},
/// CL(i) = {c : θ(x_i, c) &lt; d0c + skin}, rebuilt by an all-pairs pass when a row has moved skin / 2 (NL) or skin
/// (CL) since the last build. Pairs outside the lists are then farther than d0 (d0c): they exert no force and do not
/// set θ_min, so the forces are those of the all-pairs pass.
/// </summary>
/// <remarks>
/// Bit-identical to the all-pairs forces, not only equal: list scores come from <see cref="KernelPairDot"/> (the
/// pass's own value for the pair), per-row sums run over partners in increasing order with the pass's column-block
/// partial sums, and force rows are accumulated with the same fused or separate multiply-add per element that
/// <see cref="WeightedRowSum"/> uses for that row and column. A rebuild iteration computes its forces in the
/// all-pairs pass itself. The list radius carries a 1e-3 rad margin over d0 + skin for float32 rounding of scores and
/// moved angles.
/// </remarks>
internal sealed class LangevinNeighbourLists
{
    /// <summary>Margin (radians) added to the list radii for float32 rounding.</summary>
    public const double Margin = 1e-3;

    private readonly EmbeddingMatrix? _constants;
    private readonly int _n;
    private readonly int _d;
    private readonly double _skin;
    private readonly bool _suppressRebuilds;
    private readonly ParallelOptions _po;
    private readonly PairwisePass _pass;
    private readonly PairwisePass _constPass;
    private readonly Term _self;
    private readonly Term? _const;
    private readonly double[] _delta;
    private readonly ThreadLocal<Scratch> _scratch = new(() => new Scratch());

    public LangevinNeighbourLists(int n, int d, int threads, EmbeddingMatrix? constants, double k, double d0, double kc, double d0c, double skin, bool suppressRebuilds)
    {
        _n = n;
        _d = d;
        _constants = constants;
        _skin = skin;
        _suppressRebuilds = suppressRebuilds;
        _po = new ParallelOptions { MaxDegreeOfParallelism = threads };
        _pass = new PairwisePass(threads);
        _constPass = new PairwisePass(threads);
        _delta = new double[n];
        _self = new Term(n, d, k, d0, skin, PairwisePass.IsSmall(n, n));
        _const = constants is null ? null : new Term(n, d, kc, d0c, skin, PairwisePass.IsSmall(n, constants.Rows));
    }

    /// <summary>Builds of the identity lists so far (the first one included).</summary>
    public int Builds => _self.Builds;

    /// <summary>Mean NL length over all builds.</summary>
    public double MeanLength => _self.MeanLength;

    /// <summary>Current mean NL length.</summary>
    public double CurrentLength => _self.List.MeanLength;

    /// <summary>The identity lists (tests).</summary>
    internal VerletList IdentityList => _self.List;

    /// <summary>Builds of the constant lists (0 without constants).</summary>
    public int ConstantBuilds => _const?.Builds ?? 0;

    /// <summary>Mean CL length over all builds.</summary>
    public double ConstantMeanLength => _const?.MeanLength ?? 0;

    /// <summary>
    /// Adds the pair forces of the current state to <paramref name="force"/> (x_j terms) and the row scalars (x_i
    /// coefficients), and sets the per-row largest cosine; returns true when NL was rebuilt, i.e. the row maxima
    /// are over all pairs (otherwise over the lists, exact only below d0).
    /// </summary>
    public bool Forces(EmbeddingMatrix x, float[] force, double[] rowScalar, float[] rowMaxCos, double[] constScalar, CancellationToken ct)
    {
        bool rebuilt = NeedsBuild(_self, x, _skin / 2);
        if (rebuilt)
        {
            Build(_self, _pass, x, x, true, force, rowScalar, rowMaxCos, ct);
        }
        else
        {
            ListForces(_self, x, x, force, rowScalar, rowMaxCos, ct);
        }

        if (_const is not null)
        {
            if (NeedsBuild(_const, x, _skin))
            {
                Build(_const, _constPass, x, _constants!, false, force, constScalar, null, ct);
            }
            else
            {
                ListForces(_const, x, _constants!, force, constScalar, null, ct);
            }
        }

        return rebuilt;
    }

    private bool NeedsBuild(Term term, EmbeddingMatrix x, double threshold)
    {
        if (!term.Built)
        {
            return true;
        }

        if (_suppressRebuilds)
        {
            return false;
        }

        int d = _d;
        var reference = term.Reference;
        Parallel.For(0, _n, _po, i =>
        {
            // Chord -> angle; 2 asin(c / 2) stays accurate for small moves, unlike acos of the dot product.
            float chord = TensorPrimitives.Distance(x.Data.AsSpan(i * d, d), reference.AsSpan(i * d, d));
            _delta[i] = 2 * Math.Asin(Math.Min(1.0, chord / 2.0));
        });
        double max = 0;
        foreach (double v in _delta)
        {
            max = Math.Max(max, v);
        }

        return max >= threshold;
    }

    private void Build(Term term, PairwisePass pass, EmbeddingMatrix x, EmbeddingMatrix y, bool self, float[] force, double[] scalar, float[]? rowMaxCos,
        CancellationToken ct)
    {
        var list = term.List;
        double k = term.K, radius = term.Radius, cosRadius = term.CosRadius, cosList = term.CosList;
        list.Begin();
        pass.Run(x, y, (r0, rc, c0, cc, sims, w) =>
        {
            bool any = LangevinSampler.Repulsion(r0, rc, c0, cc, sims, w, self, k, radius, cosRadius, scalar, rowMaxCos);
            for (int r = 0; r < rc; r++)
            {
                int i = r0 + r;
                var row = sims.Slice(r * cc, cc);
                for (int c = 0; c < row.Length; c++)
                {
                    if (LangevinSampler.S * row[c] > cosList && !(self && c0 + c == i))
                    {
                        list.Add(i, c0 + c);
                    }
                }
            }

            return any;
        }, force, ct);
        list.Finish(_po);
        Array.Copy(x.Data, term.Reference, _n * _d);
        term.Built = true;
        term.Builds++;
        term.LengthSum += list.MeanLength;
    }

    private void ListForces(Term term, EmbeddingMatrix x, EmbeddingMatrix y, float[] force, double[] scalar, float[]? rowMaxCos, CancellationToken ct)
    {
        int n = _n, d = _d;
        int fusedWidth = FusedWidth(d);
        const int Chunk = 64;
        var po = new ParallelOptions { MaxDegreeOfParallelism = _po.MaxDegreeOfParallelism, CancellationToken = ct };
        FastScores(term, x, y, po);
        Parallel.For(0, (n + Chunk - 1) / Chunk, po, chunk =>
        {
            var list = term.List;
            for (int i = chunk * Chunk; i < Math.Min(n, (chunk + 1) * Chunk); i++)
            {
                var scratch = _scratch.Value!;
                int count = Select(term, x.Data.AsSpan(i * d, d), y.Data, list.Row(i), term.Fast.AsSpan(list.Offsets[i], list.Row(i).Length), scratch);
                var cols = scratch.Cols.AsSpan(0, count);
                var scores = scratch.Exact;
                int fc = TiledRow(i, n, term.Small) ? fusedWidth : 0;
                var f = force.AsSpan(i * d, d);
                double total = 0, partial = 0;
                int block = -1;
                float rowMax = rowMaxCos is null ? 0 : rowMaxCos[i];
                for (int p = 0; p < cols.Length; p++)
                {
                    int j = cols[p];
                    float cos = scores[p];

                    // The pass adds one partial sum per column block to the row scalar.
                    int b = term.Small ? 0 : j / SimilarityKernel.ColBlock;
                    if (b != block)
                    {
                        total += partial;
                        partial = 0;
                        block = b;
                    }

                    if (cos > rowMax)
                    {
                        rowMax = cos;
                    }

                    double sc = LangevinSampler.S * cos;
                    if (sc <= term.CosRadius)
                    {
                        continue;
                    }

                    double a = LangevinSampler.PairCoefficient(sc, term.K, term.Radius);
                    float w = (float)-a;
                    partial += a * cos;
                    if (w != 0f)
                    {
                        var yj = y.Data.AsSpan(j * d, d);
                        if (fc > 0)
                        {
                            TensorPrimitives.FusedMultiplyAdd(yj[..fc], w, f[..fc], f[..fc]);
                        }

                        if (fc < d)
                        {
                            TensorPrimitives.MultiplyAdd(yj[fc..], w, f[fc..], f[fc..]);
                        }
                    }
                }

                scalar[i] += total + partial;
                if (rowMaxCos is not null)
                {
                    rowMaxCos[i] = rowMax;
                }
            }
        });
    }

    /// <summary>
    /// The partners of row i that can matter, with the pass's exact scores: those that may lie within the force
    /// radius or attain the row maximum. The kernel's FMA chain (KernelPairDot) is slow on gathered rows, so a fast
    /// dot product screens the list first: any two float32 evaluations of a dot product of unit vectors differ by
    /// at most 2 γ_d ≈ 2 d 2^-24 (Higham, Accuracy and Stability, 3.1), so a pair the chain puts inside the radius or
    /// at the maximum passes the screen with that slack. Tiny passes score with TensorPrimitives.Dot already.
    /// </summary>
    private int Select(Term term, ReadOnlySpan<float> xi, float[] y, ReadOnlySpan<int> list, ReadOnlySpan<float> fast, Scratch scratch)
    {
        int d = _d, len = list.Length;
        scratch.Ensure(len);
        if (term.Small)
        {
            list.CopyTo(scratch.Cols);
            fast.CopyTo(scratch.Exact);
            return len;
        }

        if (len == 0)
        {
            return 0;
        }

        double slack = 2.5 * d * Math.ScaleB(1.0, -24);
        double maxCut = TensorPrimitives.Max(fast) - (2 * slack);
        double radiusCut = term.CosRadius - slack;
        int count = 0;
        for (int p = 0; p < len; p++)
        {
            if (fast[p] >= maxCut || LangevinSampler.S * fast[p] > radiusCut)
            {
                scratch.Cols[count++] = list[p];
            }
        }

        KernelPairDot.Scores(xi, y, d, scratch.Cols.AsSpan(0, count), scratch.Exact, small: false);
        return count;
    }

    /// <summary>
    /// TensorPrimitives.Dot scores of every listed pair into term.Fast (aligned with the list columns), visiting the
    /// partners in column blocks of about 1 MB so that their rows stay in cache while all rows' lists pass over them;
    /// row by row, the scattered partner rows would come from memory.
    /// </summary>
    private void FastScores(Term term, EmbeddingMatrix x, EmbeddingMatrix y, ParallelOptions po)
    {
        const int Chunk = 64;
        int n = _n, d = _d;
        var list = term.List;
        var offsets = list.Offsets;
        var columns = list.Columns;
        term.EnsureFast(list.Total);
        var fast = term.Fast;
        var cursor = term.Cursor;
        Array.Copy(offsets, cursor, n);
        int width = Math.Max(64, (1 << 20) / (4 * d));
        for (int c0 = 0; c0 < y.Rows; c0 += width)
        {
            int c1 = Math.Min(y.Rows, c0 + width);
            Parallel.For(0, (n + Chunk - 1) / Chunk, po, chunk =>
            {
                for (int i = chunk * Chunk; i < Math.Min(n, (chunk + 1) * Chunk); i++)
                {
                    var xi = x.Data.AsSpan(i * d, d);
                    int p = cursor[i], end = offsets[i + 1];
                    for (; p < end && columns[p] < c1; p++)
                    {
                        fast[p] = TensorPrimitives.Dot(xi, y.Data.AsSpan(columns[p] * d, d));
                    }

                    cursor[i] = p;
                }
            });
        }
    }

    /// <summary>Columns WeightedRowSum accumulates with fused multiply-adds in its 4-row tiles (the rest: multiply, then add).</summary>
    private static int FusedWidth(int d) =>
        Vector512.IsHardwareAccelerated && d >= 64 ? d / 64 * 64
        : Vector256.IsHardwareAccelerated && d >= 32 ? d / 32 * 32
        : 0;

    /// <summary>Whether the pass's WeightedRowSum call covers row i with a 4-row tile (rows past the last full tile of a block do not).</summary>
    private static bool TiledRow(int i, int n, bool small)
    {
        int start = small ? 0 : i / SimilarityKernel.RowBlock * SimilarityKernel.RowBlock;
        int rc = small ? n : Math.Min(SimilarityKernel.RowBlock, n - start);
        return i - start < rc / 4 * 4;
    }

    /// <summary>Per-thread buffers of the list pass, grown on demand and reused.</summary>
    private sealed class Scratch
    {
        public float[] Exact { get; private set; } = new float[256];

        public int[] Cols { get; private set; } = new int[256];

        public void Ensure(int length)
        {
            if (Exact.Length < length)
            {
                int size = Math.Max(length, Exact.Length * 2);
                Exact = new float[size];
                Cols = new int[size];
            }
        }
    }

    /// <summary>One interaction term (identities or constants): its constants, list and build reference.</summary>
    private sealed class Term(int n, int d, double k, double radius, double skin, bool small)
    {
        public double K { get; } = k;

        public double Radius { get; } = radius;

        public double CosRadius { get; } = Math.Cos(radius);

        /// <summary>cos of the list radius; every pair is listed when the radius reaches π.</summary>
        public double CosList { get; } = radius + skin + Margin >= Math.PI ? double.NegativeInfinity : Math.Cos(radius + skin + Margin);

        public bool Small { get; } = small;

        public VerletList List { get; } = new(n);

        public float[] Reference { get; } = new float[n * d];

        /// <summary>Fast scores of the listed pairs, aligned with the list columns.</summary>
        public float[] Fast { get; private set; } = [];

        public int[] Cursor { get; } = new int[n];

        public void EnsureFast(long total)
        {
            if (Fast.Length < total)
            {
                Fast = new float[total];
            }
        }

        public bool Built { get; set; }

        public int Builds { get; set; }

        public double LengthSum { get; set; }

        public double MeanLength => Builds == 0 ? 0 : LengthSum / Builds;
    }
}
