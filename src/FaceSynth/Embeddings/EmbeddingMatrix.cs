using System.Numerics.Tensors;

namespace FaceSynth.Embeddings;

/// <summary>
/// N x d float32 embeddings stored row-major in one contiguous array, with optional
/// per-row labels (identity/class) and ids (sample names).
/// </summary>
public sealed class EmbeddingMatrix
{
    private string[]? _labels;
    private string[]? _ids;

    /// <summary>Creates a zero-filled matrix of <paramref name="rows"/> x <paramref name="dim"/>.</summary>
    public EmbeddingMatrix(int rows, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        if ((long)rows * dim > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"{rows} x {dim} elements exceed the largest array .NET can hold");
        }

        Rows = rows;
        Dim = dim;
        Data = new float[rows * dim];
    }

    /// <summary>Wraps <paramref name="data"/> (row-major, length rows x dim) without copying.</summary>
    public EmbeddingMatrix(float[] data, int rows, int dim)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        if ((long)rows * dim != data.Length)
        {
            throw new ArgumentException($"data has {data.Length} elements, expected {rows} x {dim}", nameof(data));
        }

        Rows = rows;
        Dim = dim;
        Data = data;
    }

    /// <summary>Number of rows (samples).</summary>
    public int Rows { get; }

    /// <summary>Embedding dimension (columns).</summary>
    public int Dim { get; }

    /// <summary>Row-major storage; element (i, j) is at i * Dim + j.</summary>
    public float[] Data { get; }

    /// <summary>Optional label (identity) of each row.</summary>
    public string[]? Labels
    {
        get => _labels;
        set => _labels = CheckLength(value, nameof(Labels));
    }

    /// <summary>Optional id (sample name) of each row.</summary>
    public string[]? Ids
    {
        get => _ids;
        set => _ids = CheckLength(value, nameof(Ids));
    }

    /// <summary>Row <paramref name="i"/> as a span over the storage.</summary>
    public Span<float> Row(int i) => Data.AsSpan(checked(i * Dim), Dim);

    /// <summary>Element (i, j).</summary>
    public float this[int i, int j]
    {
        get => Data[(i * Dim) + j];
        set => Data[(i * Dim) + j] = value;
    }

    /// <summary>
    /// Scales every row to unit L2 norm in place. Rows of zero norm are left unchanged
    /// (as insightface does) and counted in the return value.
    /// </summary>
    public int NormalizeRows()
    {
        int zero = 0;
        for (int i = 0; i < Rows; i++)
        {
            var row = Row(i);
            float norm = TensorPrimitives.Norm(row);
            if (norm > 0f && float.IsFinite(norm))
            {
                TensorPrimitives.Multiply(row, 1f / norm, row);
            }
            else
            {
                zero++;
            }
        }

        return zero;
    }

    /// <summary>A deep copy (data, labels and ids).</summary>
    public EmbeddingMatrix Clone() => new((float[])Data.Clone(), Rows, Dim)
    {
        Labels = (string[]?)_labels?.Clone(),
        Ids = (string[]?)_ids?.Clone(),
    };

    /// <summary>Throws a clear error naming <paramref name="source"/> if any element is NaN or infinite.</summary>
    public void EnsureFinite(string source)
    {
        for (int i = 0; i < Data.Length; i++)
        {
            if (!float.IsFinite(Data[i]))
            {
                throw new FaceSynthDataException(source, $"row {i / Dim}, column {i % Dim} is {Data[i]} (embeddings must be finite)");
            }
        }
    }

    private string[]? CheckLength(string[]? values, string name)
    {
        if (values is not null && values.Length != Rows)
        {
            throw new ArgumentException($"{name} has {values.Length} entries for {Rows} rows", name);
        }

        return values;
    }
}
