using FaceSynth.Similarity;

namespace FaceSynth.Synthesis;

/// <summary>
/// Per-row neighbour lists in compressed-row form (memory O(total neighbours)), filled from the blocks of one
/// streamed similarity pass. Each row's columns come out in increasing order.
/// </summary>
/// <remarks>
/// Pairs are appended to one buffer per kernel row block (<see cref="SimilarityKernel.RowBlock"/> rows): a row block
/// is handled by one thread at a time and receives its column blocks in increasing order, so appending needs no
/// locks and every row's pairs arrive sorted. <see cref="Finish"/> then scatters the buffers into the CSR arrays.
/// All arrays are kept and reused by later builds.
/// </remarks>
internal sealed class VerletList
{
    private const int Block = SimilarityKernel.RowBlock;
    private readonly int _rows;
    private readonly int[][] _pairs;
    private readonly int[] _pairCounts;
    private readonly int[] _cursor;
    private int[] _columns = [];

    public VerletList(int rows)
    {
        _rows = rows;
        int blocks = (rows + Block - 1) / Block;
        _pairs = new int[blocks][];
        _pairCounts = new int[blocks];
        _cursor = new int[rows];
        Offsets = new int[rows + 1];
        for (int b = 0; b < blocks; b++)
        {
            _pairs[b] = [];
        }
    }

    /// <summary>Row i's neighbours are Columns[Offsets[i] .. Offsets[i + 1]).</summary>
    public int[] Offsets { get; }

    /// <summary>Total pairs in the lists.</summary>
    public long Total => Offsets[_rows];

    /// <summary>Mean list length.</summary>
    public double MeanLength => _rows == 0 ? 0 : (double)Total / _rows;

    /// <summary>All lists back to back (row i at Offsets[i]); longer than <see cref="Total"/> after a shrink.</summary>
    public int[] Columns => _columns;

    /// <summary>Row <paramref name="i"/>'s neighbours, increasing.</summary>
    public ReadOnlySpan<int> Row(int i) => _columns.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i]);

    /// <summary>Forgets the previous lists before a new pass.</summary>
    public void Begin() => Array.Clear(_pairCounts);

    /// <summary>Appends pair (row, col); rows of one row block must come from one thread at a time, columns increasing.</summary>
    public void Add(int row, int col)
    {
        int b = row / Block;
        var buf = _pairs[b];
        int c = _pairCounts[b];
        if (c + 2 > buf.Length)
        {
            // Amortised doubling; only list builds allocate.
            Array.Resize(ref buf, Math.Max(1024, buf.Length * 2));
            _pairs[b] = buf;
        }

        buf[c] = row;
        buf[c + 1] = col;
        _pairCounts[b] = c + 2;
    }

    /// <summary>Turns the appended pairs into the CSR arrays.</summary>
    public void Finish(ParallelOptions po)
    {
        Array.Clear(Offsets);
        Parallel.For(0, _pairs.Length, po, b =>
        {
            var buf = _pairs[b];
            for (int p = 0; p < _pairCounts[b]; p += 2)
            {
                Offsets[buf[p] + 1]++;
            }
        });
        long total = 0;
        for (int i = 0; i < _rows; i++)
        {
            total += Offsets[i + 1];
            if (total > Array.MaxLength)
            {
                throw new FaceSynthDataException("--neighbour-lists", $"the lists would hold more than {Array.MaxLength} pairs; use --neighbour-lists off or a smaller radius");
            }

            Offsets[i + 1] = (int)total;
        }

        if (_columns.Length < total)
        {
            _columns = new int[Math.Max(total, Math.Min(Array.MaxLength, total + (total / 4)))];
        }

        Array.Copy(Offsets, _cursor, _rows);
        Parallel.For(0, _pairs.Length, po, b =>
        {
            var buf = _pairs[b];
            for (int p = 0; p < _pairCounts[b]; p += 2)
            {
                _columns[_cursor[buf[p]]++] = buf[p + 1];
            }
        });
    }
}
