using System.Runtime.CompilerServices;

namespace FaceSynth.Similarity;

/// <summary>
/// Consumes the C blocks of one <see cref="SimilarityKernel.Search"/> pass. Per-row heaps and counts live in arrays
/// per column segment of the work plan (a row and segment is owned by one worker at a time), global pairs in one
/// heap per worker; segments and worker heaps are merged at the end. The rankings are total orders, so the merged
/// result does not depend on the split.
/// </summary>
internal sealed class SearchCollector
{
    private readonly SimilaritySearchSpec _spec;
    private readonly float[] _thresholds;
    private readonly int _segmentCols;
    private readonly Segment[] _segments;
    private readonly List<ScoredPair> _mergedPairs = [];
    private readonly Lock _mergeLock = new();
    private readonly int _rows;

    public SearchCollector(int rows, SimilaritySearchSpec spec, WorkPlan plan)
    {
        _spec = spec;
        _rows = rows;
        _thresholds = spec.Thresholds is null ? [] : [.. spec.Thresholds];
        _segmentCols = plan.SegmentCols;
        _segments = new Segment[plan.Segments];
        for (int s = 0; s < _segments.Length; s++)
        {
            _segments[s] = new Segment(rows, spec.K, _thresholds.Length);
        }
    }

    public PairHeap? CreateLocal() => _spec.TopPairs > 0 ? new PairHeap(_spec.TopPairs, _spec.MinScore) : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Consume(PairHeap? pairs, int r0, int rc, int c0, int cc, ReadOnlySpan<float> block)
    {
        var seg = _segments[c0 / _segmentCols];
        for (int r = 0; r < rc; r++)
        {
            int q = r0 + r;
            var row = block.Slice(r * cc, cc);
            int lo = c0, hi = c0 + cc;
            if (_spec.Filter == PairFilter.UpperTriangle)
            {
                lo = Math.Clamp(q + 1, c0, hi);
            }

            if (_spec.Filter == PairFilter.ExcludeSelf && q >= lo && q < hi)
            {
                Offer(seg, pairs, q, row.Slice(lo - c0, q - lo), lo);
                Offer(seg, pairs, q, row.Slice(q + 1 - c0, hi - q - 1), q + 1);
            }
            else
            {
                Offer(seg, pairs, q, row.Slice(lo - c0, hi - lo), lo);
            }
        }
    }

    public void Finish(PairHeap? pairs)
    {
        if (pairs is null)
        {
            return;
        }

        lock (_mergeLock)
        {
            foreach (var p in pairs.Items)
            {
                _mergedPairs.Add(p);
            }
        }
    }

    public SimilaritySearchResult ToResult()
    {
        var main = _segments[0];
        for (int s = 1; s < _segments.Length; s++)
        {
            main.Absorb(_segments[s], _rows, _spec.MinScore);
        }

        TopKResult? neighbours = null;
        if (_spec.K > 0)
        {
            int k = _spec.K;
            neighbours = main.Neighbours!;
            for (int q = 0; q < _rows; q++)
            {
                NeighbourHeap.SortBestFirst(neighbours.Scores.AsSpan(q * k, k), neighbours.Indices.AsSpan(q * k, k), main.Fill![q]);
            }
        }

        var pairs = _mergedPairs.ToArray();
        Array.Sort(pairs, ScoredPair.CompareRank);
        if (pairs.Length > _spec.TopPairs)
        {
            Array.Resize(ref pairs, _spec.TopPairs);
        }

        return new SimilaritySearchResult(neighbours, main.Counts, _thresholds.Length, pairs);
    }

    private void Offer(Segment seg, PairHeap? pairs, int q, ReadOnlySpan<float> scores, int colBase)
    {
        if (scores.IsEmpty)
        {
            return;
        }

        if (seg.Neighbours is { } nb)
        {
            int k = nb.K;
            NeighbourHeap.Offer(scores, colBase, nb.Scores.AsSpan(q * k, k), nb.Indices.AsSpan(q * k, k), ref seg.Fill![q], _spec.MinScore);
        }

        if (seg.Counts is { } all)
        {
            var counts = all.AsSpan(q * _thresholds.Length, _thresholds.Length);
            for (int t = 0; t < _thresholds.Length; t++)
            {
                int n = ScoreMask.CountAtLeast(scores, _thresholds[t]);
                if (n == 0)
                {
                    break; // thresholds ascend: no later one can count anything here
                }

                counts[t] += n;
            }
        }

        pairs?.Offer(q, scores, colBase);
    }

    /// <summary>Per-row state of one column segment.</summary>
    private sealed class Segment
    {
        public Segment(int rows, int k, int thresholds)
        {
            if (k > 0)
            {
                Neighbours = new TopKResult(rows, k);
                Fill = new int[rows];
            }

            if (thresholds > 0)
            {
                Counts = new int[checked(rows * thresholds)];
            }
        }

        public TopKResult? Neighbours { get; }

        public int[]? Fill { get; }

        public int[]? Counts { get; }

        /// <summary>Adds another segment's heaps (offering each kept neighbour) and counts to this one.</summary>
        public void Absorb(Segment other, int rows, float minScore)
        {
            if (Neighbours is { } nb && other.Neighbours is { } on)
            {
                int k = nb.K;
                for (int q = 0; q < rows; q++)
                {
                    var scores = nb.Scores.AsSpan(q * k, k);
                    var indices = nb.Indices.AsSpan(q * k, k);
                    for (int e = 0; e < other.Fill![q]; e++)
                    {
                        NeighbourHeap.Offer(on.Scores.AsSpan((q * k) + e, 1), on.Indices[(q * k) + e], scores, indices, ref Fill![q], minScore);
                    }
                }
            }

            if (Counts is { } c && other.Counts is { } oc)
            {
                for (int i = 0; i < c.Length; i++)
                {
                    c[i] += oc[i];
                }
            }
        }
    }
}
