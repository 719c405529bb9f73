using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaceSynth.Similarity;

/// <summary>
/// Bounded collector of the best pairs seen by one worker (binary min-heap, root = worst kept pair, ranked by
/// <see cref="ScoredPair.CompareRank"/>). Worker heaps are merged at the end; the order is total, so the merged
/// result does not depend on how rows were split between workers.
/// </summary>
internal sealed class PairHeap
{
    private readonly ScoredPair[] _items;
    private readonly float _minScore;
    private int _count;

    public PairHeap(int capacity, float minScore)
    {
        _items = new ScoredPair[capacity];
        _minScore = minScore;
    }

    /// <summary>The pairs kept, in heap order.</summary>
    public ReadOnlySpan<ScoredPair> Items => _items.AsSpan(0, _count);

    /// <summary>Offers the scores of query <paramref name="query"/> against gallery rows colBase.. .</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Offer(int query, ReadOnlySpan<float> row, int colBase)
    {
        int c = 0;
        ref float p = ref MemoryMarshal.GetReference(row);
        while (c < row.Length)
        {
            float threshold = _count == _items.Length ? _items[0].Score : _minScore;
            if (c + ScoreMask.Width <= row.Length)
            {
                uint mask = ScoreMask.AtLeast(ref Unsafe.Add(ref p, c), threshold);
                while (mask != 0)
                {
                    int bit = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    Add(new ScoredPair(query, colBase + c + bit, row[c + bit]));
                }

                c += ScoreMask.Width;
            }
            else
            {
                if (row[c] >= threshold)
                {
                    Add(new ScoredPair(query, colBase + c, row[c]));
                }

                c++;
            }
        }
    }

    /// <summary>Adds a pair if it ranks among the best <c>capacity</c> seen (and reaches the minimum score).</summary>
    public void Add(ScoredPair pair)
    {
        if (!(pair.Score >= _minScore))
        {
            return;
        }

        if (_count < _items.Length)
        {
            int i = _count++;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (ScoredPair.CompareRank(pair, _items[parent]) <= 0)
                {
                    break;
                }

                _items[i] = _items[parent];
                i = parent;
            }

            _items[i] = pair;
            return;
        }

        if (ScoredPair.CompareRank(pair, _items[0]) >= 0)
        {
            return;
        }

        SiftDown(pair);
    }

    private void SiftDown(ScoredPair pair)
    {
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= _count)
            {
                break;
            }

            // Follow the worse child (ranked later) so the root stays the worst kept pair.
            if (child + 1 < _count && ScoredPair.CompareRank(_items[child + 1], _items[child]) > 0)
            {
                child++;
            }

            if (ScoredPair.CompareRank(_items[child], pair) <= 0)
            {
                break;
            }

            _items[i] = _items[child];
            i = child;
        }

        _items[i] = pair;
    }
}
