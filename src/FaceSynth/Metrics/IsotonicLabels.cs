namespace FaceSynth.Metrics;

/// <summary>Pool-adjacent-violators on 0/1 labels of merged sorted scores (shared by ROCCH and min Cllr).</summary>
internal static class IsotonicLabels
{
    /// <summary>A PAV block: its width and how many positives it holds (mean = Positives / Width).</summary>
    internal readonly record struct Block(long Width, long Positives);

    /// <summary>
    /// Labels (true = positive) of all scores in ascending order; on equal scores positives come
    /// first when <paramref name="positivesFirst"/>, negatives otherwise.
    /// </summary>
    internal static bool[] SortedLabels(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, bool positivesFirst)
    {
        ScoreMath.RequireBothSides(negatives.Length, positives.Length);
        var neg = ScoreMath.SortedCopy(negatives, "negatives");
        var pos = ScoreMath.SortedCopy(positives, "positives");
        var labels = new bool[neg.Length + pos.Length];
        int i = 0, j = 0, k = 0;
        while (i < neg.Length || j < pos.Length)
        {
            bool takePositive = i == neg.Length
                || (j < pos.Length && (pos[j] < neg[i] || (pos[j] == neg[i] && positivesFirst)));
            if (takePositive)
            {
                j++;
            }
            else
            {
                i++;
            }

            labels[k++] = takePositive;
        }

        return labels;
    }

    /// <summary>PAV: merge the previous block into the last while its mean is &gt;= the last's (exact rational test).</summary>
    internal static List<Block> Pav(bool[] labels)
    {
        var blocks = new List<Block>();
        foreach (var y in labels)
        {
            blocks.Add(new Block(1, y ? 1 : 0));
            while (blocks.Count >= 2)
            {
                var last = blocks[^1];
                var prev = blocks[^2];
                if (prev.Positives * last.Width < last.Positives * prev.Width)
                {
                    break;
                }

                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = new Block(prev.Width + last.Width, prev.Positives + last.Positives);
            }
        }

        return blocks;
    }
}
