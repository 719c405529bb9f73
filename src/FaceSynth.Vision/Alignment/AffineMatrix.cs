namespace FaceSynth.Vision.Alignment;

/// <summary>A 2 x 3 affine map <c>(x, y) -> (A00 x + A01 y + Tx, A10 x + A11 y + Ty)</c>.</summary>
public readonly record struct AffineMatrix(double A00, double A01, double Tx, double A10, double A11, double Ty)
{
    /// <summary>Applies the map to (x, y).</summary>
    public (double X, double Y) Apply(double x, double y) => ((A00 * x) + (A01 * y) + Tx, (A10 * x) + (A11 * y) + Ty);

    /// <summary>The inverse map; a singular matrix is an <see cref="InvalidOperationException"/>.</summary>
    public AffineMatrix Invert()
    {
        double det = (A00 * A11) - (A01 * A10);
        if (det == 0 || !double.IsFinite(det))
        {
            throw new InvalidOperationException("the affine map is singular");
        }

        double i00 = A11 / det, i01 = -A01 / det, i10 = -A10 / det, i11 = A00 / det;
        return new AffineMatrix(i00, i01, -((i00 * Tx) + (i01 * Ty)), i10, i11, -((i10 * Tx) + (i11 * Ty)));
    }
}
