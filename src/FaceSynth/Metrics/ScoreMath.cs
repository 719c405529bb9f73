using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace FaceSynth.Metrics;

/// <summary>Shared numeric primitives of the metrics: rates, next-double steps, counting and searching.</summary>
internal static class ScoreMath
{
    /// <summary>Machine epsilon of double, as numpy's <c>finfo(float64).eps</c>.</summary>
    internal const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>A rate as one division of two integers converted to double (EVALUATION 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Rate(long count, long n) => (double)count / (double)n;

    /// <summary>Upstream's <c>nextafter(x, x + 1)</c>: returns x itself once x + 1 rounds back to x.</summary>
    internal static double Up(double x) => x + 1 > x ? Math.BitIncrement(x) : x;

    /// <summary>Upstream's <c>nextafter(x, x - 1)</c>.</summary>
    internal static double Down(double x) => x - 1 < x ? Math.BitDecrement(x) : x;

    /// <summary>Throws when either side is empty, naming the missing side.</summary>
    internal static void RequireBothSides(int negatives, int positives)
    {
        if (negatives == 0)
        {
            throw new ArgumentException("no negative (impostor) scores were given", "negatives");
        }

        if (positives == 0)
        {
            throw new ArgumentException("no positive (genuine) scores were given", "positives");
        }
    }

    /// <summary>First index whose value is &gt;= <paramref name="t"/> (sorted ascending, NaN-free input).</summary>
    internal static int LowerBound(ReadOnlySpan<double> sorted, double t)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] < t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>First index whose value is &gt; <paramref name="t"/> (sorted ascending, NaN-free input).</summary>
    internal static int UpperBound(ReadOnlySpan<double> sorted, double t)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] <= t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>#{x &gt;= t} on unsorted input, vectorised.</summary>
    internal static int CountAtOrAbove(ReadOnlySpan<double> values, double t)
    {
        int i = 0;
        long count = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count)
        {
            var tv = new Vector<double>(t);
            var acc = Vector<long>.Zero;
            var lanes = System.Runtime.InteropServices.MemoryMarshal.Cast<double, Vector<double>>(values);
            foreach (var v in lanes)
            {
                // A true lane is all ones (-1), so subtracting counts it.
                acc -= Vector.GreaterThanOrEqual(v, tv);
            }

            count = Vector.Sum(acc);
            i = lanes.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            if (values[i] >= t)
            {
                count++;
            }
        }

        return (int)count;
    }

    /// <summary>#{x &lt; t} on unsorted NaN-free input.</summary>
    internal static int CountBelow(ReadOnlySpan<double> values, double t) => values.Length - CountAtOrAbove(values, t);

    /// <summary>A sorted copy of <paramref name="values"/>; throws when a NaN is present.</summary>
    internal static double[] SortedCopy(ReadOnlySpan<double> values, string side)
    {
        var copy = values.ToArray();
        RequireNoNaN(copy, side);
        ScoreSort.SortInPlace(copy);
        return copy;
    }

    /// <summary>Throws when <paramref name="values"/> holds a NaN (inputs must be NaN-free, see FailureToAcquire).</summary>
    internal static void RequireNoNaN(ReadOnlySpan<double> values, string side)
    {
        int at = IndexOfNaN(values);
        if (at >= 0)
        {
            throw new ArgumentException(
                $"{side} score {at} is NaN; remove NaN scores first (FailureToAcquire.Strip)", side);
        }
    }

    /// <summary>Index of the first NaN, or -1.</summary>
    internal static int IndexOfNaN(ReadOnlySpan<double> values)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // NaN is the only value not equal to itself.
            ref double start = ref MemoryMarshal.GetReference(values);
            for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                if (!Vector256.EqualsAll(v, v))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
