using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaceSynth.Similarity;

/// <summary>
/// Bounded top-k of one query row kept as a binary min-heap over (score, gallery index) whose root is the worst
/// kept neighbour. Order: higher score is better; on equal scores the lower gallery index is better. The order is
/// total, so the kept set does not depend on the order in which blocks arrive.
/// </summary>
internal static class NeighbourHeap
{
    /// <summary>Whether (s1, j1) ranks below (s2, j2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Worse(float s1, int j1, float s2, int j2) => s1 < s2 || (s1 == s2 && j1 > j2);

    /// <summary>
    /// Offers the scores of one row segment (gallery indices colBase..) to the heap of capacity
    /// <c>scores.Length</c> holding <paramref name="count"/> entries; only scores &gt;= <paramref name="minScore"/> qualify.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Offer(ReadOnlySpan<float> row, int colBase, Span<float> scores, Span<int> indices, ref int count, float minScore)
    {
        int k = scores.Length;
        int c = 0;
        while (count < k && c < row.Length)
        {
            float s = row[c];
            if (s >= minScore)
            {
                Push(scores, indices, ref count, s, colBase + c);
            }

            c++;
        }

        if (c == row.Length)
        {
            return;
        }

        float worst = scores[0];
        ref float p = ref MemoryMarshal.GetReference(row);
        for (; c + ScoreMask.Width <= row.Length; c += ScoreMask.Width)
        {
            uint mask = ScoreMask.AtLeast(ref Unsafe.Add(ref p, c), worst);
            while (mask != 0)
            {
                int bit = BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                float s = row[c + bit];
                if (Worse(scores[0], indices[0], s, colBase + c + bit))
                {
                    ReplaceRoot(scores, indices, k, s, colBase + c + bit);
                    worst = scores[0];
                }
            }
        }

        for (; c < row.Length; c++)
        {
            float s = row[c];
            if (s >= worst && Worse(scores[0], indices[0], s, colBase + c))
            {
                ReplaceRoot(scores, indices, k, s, colBase + c);
                worst = scores[0];
            }
        }
    }

    /// <summary>Turns a heap of <paramref name="count"/> entries into a list sorted best first; the tail stays padding.</summary>
    public static void SortBestFirst(Span<float> scores, Span<int> indices, int count)
    {
        for (int n = count - 1; n > 0; n--)
        {
            // The root is the worst of the remaining heap: move it to the end of the heap region.
            (scores[0], scores[n]) = (scores[n], scores[0]);
            (indices[0], indices[n]) = (indices[n], indices[0]);
            SiftDown(scores, indices, n, 0);
        }
    }

    private static void Push(Span<float> scores, Span<int> indices, ref int count, float s, int j)
    {
        int i = count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Worse(s, j, scores[parent], indices[parent]))
            {
                break;
            }

            scores[i] = scores[parent];
            indices[i] = indices[parent];
            i = parent;
        }

        scores[i] = s;
        indices[i] = j;
    }

    private static void ReplaceRoot(Span<float> scores, Span<int> indices, int count, float s, int j)
    {
        scores[0] = s;
        indices[0] = j;
        SiftDown(scores, indices, count, 0);
    }

    private static void SiftDown(Span<float> scores, Span<int> indices, int count, int i)
    {
        float s = scores[i];
        int j = indices[i];
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && Worse(scores[child + 1], indices[child + 1], scores[child], indices[child]))
            {
                child++;
            }

            if (!Worse(scores[child], indices[child], s, j))
            {
                break;
            }

            scores[i] = scores[child];
            indices[i] = indices[child];
            i = child;
        }

        scores[i] = s;
        indices[i] = j;
    }
}
