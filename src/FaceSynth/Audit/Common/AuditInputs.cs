using System.Numerics.Tensors;
using FaceSynth.Embeddings;

namespace FaceSynth.Audit;

/// <summary>Input checks shared by the audits: dimensions, empty sets, NaN and zero rows.</summary>
public static class AuditInputs
{
    /// <summary>
    /// Fails with a message naming <paramref name="role"/> and the row when a row is not finite or has zero
    /// norm; optionally scales every row to unit norm in place.
    /// </summary>
    public static void CheckRows(EmbeddingMatrix m, string role, bool normalize)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Rows == 0)
        {
            throw new FaceSynthDataException(role, "the embedding set is empty");
        }

        for (int i = 0; i < m.Rows; i++)
        {
            var row = m.Row(i);
            float norm = TensorPrimitives.Norm(row);
            if (!float.IsFinite(norm))
            {
                int j = row.IndexOfAnyExcept(0f) >= 0 ? FirstNonFinite(row) : 0;
                throw new FaceSynthDataException(role, $"row {i}, column {j} is not finite (NaN or infinity); embeddings must be finite");
            }

            if (norm == 0)
            {
                throw new FaceSynthDataException(role, $"row {i} is a zero vector (no direction: cosine is undefined); remove it or re-embed the image");
            }

            if (normalize)
            {
                TensorPrimitives.Multiply(row, 1f / norm, row);
            }
        }
    }

    /// <summary>Fails unless the two sets have the same dimension.</summary>
    public static void SameDim(EmbeddingMatrix a, string roleA, EmbeddingMatrix b, string roleB)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Dim != b.Dim)
        {
            throw new FaceSynthDataException(roleB, $"dimension mismatch: {roleA} has {a.Dim} columns, {roleB} has {b.Dim} (both must come from the same FR model)");
        }
    }

    private static int FirstNonFinite(ReadOnlySpan<float> row)
    {
        for (int j = 0; j < row.Length; j++)
        {
            if (!float.IsFinite(row[j]))
            {
                return j;
            }
        }

        return 0;
    }
}
