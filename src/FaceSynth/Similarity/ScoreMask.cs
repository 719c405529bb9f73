using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceSynth.Similarity;

/// <summary>SIMD comparisons of 16 scores at a time against a threshold, used to reject scores before any heap work.</summary>
internal static class ScoreMask
{
    /// <summary>Scores handled per mask.</summary>
    public const int Width = 16;

    /// <summary>Bit i is set when p[i] &gt;= threshold (i &lt; 16; NaN never passes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint AtLeast(ref float p, float threshold)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return (uint)Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref p), Vector512.Create(threshold)).ExtractMostSignificantBits();
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(threshold);
            uint lo = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref p), t).ExtractMostSignificantBits();
            uint hi = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref p, 8), t).ExtractMostSignificantBits();
            return lo | (hi << 8);
        }

        var t4 = Vector128.Create(threshold);
        uint m0 = Vector128.GreaterThanOrEqual(Vector128.LoadUnsafe(ref p), t4).ExtractMostSignificantBits();
        uint m1 = Vector128.GreaterThanOrEqual(Vector128.LoadUnsafe(ref p, 4), t4).ExtractMostSignificantBits();
        uint m2 = Vector128.GreaterThanOrEqual(Vector128.LoadUnsafe(ref p, 8), t4).ExtractMostSignificantBits();
        uint m3 = Vector128.GreaterThanOrEqual(Vector128.LoadUnsafe(ref p, 12), t4).ExtractMostSignificantBits();
        return m0 | (m1 << 4) | (m2 << 8) | (m3 << 12);
    }

    /// <summary>Number of scores &gt;= <paramref name="threshold"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CountAtLeast(ReadOnlySpan<float> scores, float threshold)
    {
        ref float p = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(scores);
        int n = 0;
        int i = 0;
        for (; i + Width <= scores.Length; i += Width)
        {
            n += System.Numerics.BitOperations.PopCount(AtLeast(ref Unsafe.Add(ref p, i), threshold));
        }

        for (; i < scores.Length; i++)
        {
            if (scores[i] >= threshold)
            {
                n++;
            }
        }

        return n;
    }
}
