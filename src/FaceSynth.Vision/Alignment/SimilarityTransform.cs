namespace FaceSynth.Vision.Alignment;

/// <summary>Least-squares 2-D similarity (rotation, uniform scale, translation; no reflection), FORMATS.md 8.2.</summary>
public static class SimilarityTransform
{
    /// <summary>
    /// The similarity mapping <paramref name="source"/> points onto <paramref name="target"/> points with
    /// least squared error (Umeyama 1991 in its 2-D closed form). Points are (x, y) pairs.
    /// </summary>
    public static AffineMatrix Estimate(ReadOnlySpan<(double X, double Y)> source, ReadOnlySpan<(double X, double Y)> target)
    {
        if (source.Length != target.Length || source.Length < 2)
        {
            throw new ArgumentException($"need the same number (>= 2) of source and target points, got {source.Length} and {target.Length}");
        }

        int n = source.Length;
        double mpx = 0, mpy = 0, mqx = 0, mqy = 0;
        for (int i = 0; i < n; i++)
        {
            mpx += source[i].X;
            mpy += source[i].Y;
            mqx += target[i].X;
            mqy += target[i].Y;
        }

        mpx /= n;
        mpy /= n;
        mqx /= n;
        mqy /= n;
        double a = 0, b = 0, n2 = 0;
        for (int i = 0; i < n; i++)
        {
            double ux = source[i].X - mpx, uy = source[i].Y - mpy, vx = target[i].X - mqx, vy = target[i].Y - mqy;
            a += (ux * vx) + (uy * vy);
            b += (ux * vy) - (uy * vx);
            n2 += (ux * ux) + (uy * uy);
        }

        if (!(n2 > 0) || !double.IsFinite(n2))
        {
            throw new FaceSynthDataException("landmarks", "the source points coincide (or are not finite); no similarity transform exists");
        }

        double c = a / n2, s = b / n2;
        return new AffineMatrix(c, -s, mqx - ((c * mpx) - (s * mpy)), s, c, mqy - ((s * mpx) + (c * mpy)));
    }
}
