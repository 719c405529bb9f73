namespace FaceSynth.Audit;

/// <summary>Bounded min-heap of the largest float scores seen (a multiset, so merge order does not matter).</summary>
internal sealed class TopScoreKeeper
{
    private readonly float[] _heap;
    private int _count;

    public TopScoreKeeper(int capacity) => _heap = new float[Math.Max(1, capacity)];

    public int Count => _count;

    public int Capacity => _heap.Length;

    /// <summary>Scores below this cannot enter (−∞ until full).</summary>
    public float Floor => _count < _heap.Length ? float.NegativeInfinity : _heap[0];

    public void Offer(float s)
    {
        if (_count < _heap.Length)
        {
            int i = _count++;
            _heap[i] = s;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (_heap[parent] <= _heap[i])
                {
                    break;
                }

                (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
                i = parent;
            }
        }
        else if (s > _heap[0])
        {
            _heap[0] = s;
            int i = 0;
            while (true)
            {
                int l = (2 * i) + 1, r = l + 1, m = i;
                if (l < _count && _heap[l] < _heap[m])
                {
                    m = l;
                }

                if (r < _count && _heap[r] < _heap[m])
                {
                    m = r;
                }

                if (m == i)
                {
                    break;
                }

                (_heap[m], _heap[i]) = (_heap[i], _heap[m]);
                i = m;
            }
        }
    }

    public void MergeInto(TopScoreKeeper other)
    {
        for (int i = 0; i < _count; i++)
        {
            other.Offer(_heap[i]);
        }
    }

    /// <summary>The kept scores, descending.</summary>
    public float[] Descending()
    {
        var a = _heap.AsSpan(0, _count).ToArray();
        Array.Sort(a);
        Array.Reverse(a);
        return a;
    }
}
