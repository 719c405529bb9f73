namespace FaceSynth.Embeddings;

/// <summary>The parsed header of an <c>.npy</c> file (FORMATS.md 2.1).</summary>
/// <param name="Version">Format major version: 1, 2 or 3.</param>
/// <param name="DType">Element type.</param>
/// <param name="FortranOrder">True when the data is stored column-major.</param>
/// <param name="Shape">Dimensions; empty for a 0-d array.</param>
/// <param name="DataOffset">Byte offset of the first data byte.</param>
public sealed record NpyHeader(int Version, NpyDType DType, bool FortranOrder, long[] Shape, long DataOffset)
{
    /// <summary>Number of elements (product of <see cref="Shape"/>; 1 for a 0-d array).</summary>
    public long Count
    {
        get
        {
            long n = 1;
            foreach (long d in Shape)
            {
                n = checked(n * d);
            }

            return n;
        }
    }

    /// <summary>Number of data bytes the header promises (<see cref="Count"/> x item size).</summary>
    public long DataLength => checked(Count * DType.ItemSize);

    /// <summary>The shape as numpy prints it, e.g. <c>(3, 4)</c> or <c>(5,)</c>.</summary>
    public string ShapeText => FormatShape(Shape);

    internal static string FormatShape(IReadOnlyList<long> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => "(" + string.Join(", ", shape) + ")",
    };
}
