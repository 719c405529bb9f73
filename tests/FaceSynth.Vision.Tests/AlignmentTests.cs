using FaceSynth.Vision.Alignment;
using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Tests;

public class AlignmentTests
{
    [Fact]
    public void TemplateIsInsightFacesArcfaceDst()
    {
        var p = FaceTemplate.Points();
        Assert.Equal((double)38.2946f, p[0].X);
        Assert.Equal((double)92.2041f, p[4].Y);
        // 128-wide template: scaled by 1 and shifted by 8 in x.
        Assert.Equal(38.2946f + 8.0, FaceTemplate.Points(128)[0].X, 5);
        Assert.Equal(2 * 73.5318f, FaceTemplate.Points(224)[1].X, 4);
    }

    [Fact]
    public void RecoversAKnownSimilarityExactly()
    {
        // S maps crop -> image: scale 1.3, rotation 20 degrees, translation (30, 10).
        double s = 1.3, th = 20 * Math.PI / 180, c = s * Math.Cos(th), sn = s * Math.Sin(th);
        (double, double) S((double X, double Y) q) => ((c * q.X) - (sn * q.Y) + 30, (sn * q.X) + (c * q.Y) + 10);
        var landmarks = FaceTemplate.Points().Select(S).ToArray();
        var m = FaceAligner.Estimate(landmarks);
        // M must be S^-1: scale 1/1.3, rotation -20 degrees.
        Assert.Equal(Math.Cos(-th) / s, m.A00, 12);
        Assert.Equal(-Math.Sin(-th) / s, m.A01, 12);
        var back = m.Apply(landmarks[2].Item1, landmarks[2].Item2);
        Assert.Equal(FaceTemplate.Points()[2].X, back.X, 10);
        Assert.Equal(FaceTemplate.Points()[2].Y, back.Y, 10);
    }

    [Fact]
    public void WarpsALinearImageExactly()
    {
        // Image whose R = x, G = y, B = 100: bilinear sampling of a linear function is exact, so the aligned
        // crop at (x, y) must hold R = S(x, y).x and G = S(x, y).y where S is the known crop -> image map.
        int w = 220, h = 200;
        var img = RgbImage.Black(w, h);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int o = ((y * w) + x) * 3;
                img.Pixels[o] = (byte)Math.Min(x, 255);
                img.Pixels[o + 1] = (byte)y;
                img.Pixels[o + 2] = 100;
            }
        }

        double s = 1.5, th = -12 * Math.PI / 180, c = s * Math.Cos(th), sn = s * Math.Sin(th);
        (double X, double Y) S((double X, double Y) q) => ((c * q.X) - (sn * q.Y) + 25, (sn * q.X) + (c * q.Y) + 20);
        var crop = FaceAligner.Align(img, FaceTemplate.Points().Select(S).ToArray());
        Assert.Equal(112, crop.Width);
        int checkedPixels = 0;
        for (int y = 0; y < 112; y++)
        {
            for (int x = 0; x < 112; x++)
            {
                var (sx, sy) = S((x, y));
                if (sx < 0 || sy < 0 || sx > w - 1 || sy > h - 1)
                {
                    continue;
                }

                Assert.InRange(crop[x, y, 0] - sx, -0.51, 0.51);
                Assert.InRange(crop[x, y, 1] - sy, -0.51, 0.51);
                Assert.Equal(100, crop[x, y, 2]);
                checkedPixels++;
            }
        }

        Assert.True(checkedPixels > 5000, $"only {checkedPixels} pixels inside");
    }

    [Fact]
    public void CoincidentLandmarksAreAnError()
    {
        var same = Enumerable.Repeat((5.0, 5.0), 5).ToArray();
        Assert.Throws<FaceSynthDataException>(() => FaceAligner.Estimate(same));
    }
}
