using FaceSynth.Vision.Detection;
using FaceSynth.Vision.Images;
using FaceSynth.Vision.Onnx;

namespace FaceSynth.Vision.Tests;

public class DetectorTests
{
    private static readonly float[] Kps = [-1f, 0f, -0.5f, 0.25f, 0f, 0.5f, 0.5f, 0.75f, 1f, 1f];

    /// <summary>
    /// An SCRFD-shaped model for a 64 x 64 input whose outputs are constants: at stride 8, cell (x 3, y 2)
    /// anchor 1 scores 0.9 and anchor 0 0.8 (same box, to be suppressed); at stride 32, cell (1, 1) anchor 0
    /// scores 0.7; everything else 0.1.
    /// </summary>
    public static string BuildScrfd(string dir, bool keypoints)
    {
        int[] strides = [8, 16, 32];
        var g = new OnnxGraphBuilder("scrfd-stub");
        g.Input("input.1", OnnxDataType.Float, 1, 3, 64, 64);
        var scores = new List<string>();
        var boxes = new List<string>();
        var points = new List<string>();
        foreach (int s in strides)
        {
            int rows = (64 / s) * (64 / s) * 2;
            var sc = Enumerable.Repeat(0.1f, rows).ToArray();
            var bx = new float[rows * 4];
            var kp = new float[rows * 10];
            if (s == 8)
            {
                foreach (int row in new[] { 38, 39 })
                {
                    sc[row] = row == 39 ? 0.9f : 0.8f;
                    new[] { 1f, 1.5f, 2f, 2.5f }.CopyTo(bx, row * 4);
                    Kps.CopyTo(kp, row * 10);
                }
            }
            else if (s == 32)
            {
                sc[6] = 0.7f;
                new[] { 0.25f, 0.25f, 0.25f, 0.25f }.CopyTo(bx, 6 * 4);
            }

            scores.Add(g.Identity(g.Constant(OnnxTensor.Float(sc, rows, 1)), $"score_{s}"));
            boxes.Add(g.Identity(g.Constant(OnnxTensor.Float(bx, rows, 4)), $"bbox_{s}"));
            points.Add(g.Identity(g.Constant(OnnxTensor.Float(kp, rows, 10)), $"kps_{s}"));
        }

        long[] rowsPerStride = [128, 32, 8];
        for (int k = 0; k < 3; k++)
        {
            g.Output(scores[k], OnnxDataType.Float, rowsPerStride[k], 1);
        }

        for (int k = 0; k < 3; k++)
        {
            g.Output(boxes[k], OnnxDataType.Float, rowsPerStride[k], 4);
        }

        for (int k = 0; k < 3 && keypoints; k++)
        {
            g.Output(points[k], OnnxDataType.Float, rowsPerStride[k], 10);
        }

        string path = Path.Combine(dir, keypoints ? "scrfd9.onnx" : "scrfd6.onnx");
        g.Save(path);
        return path;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DecodesKnownBoxesAndLandmarks(bool keypoints)
    {
        string dir = TestPaths.NewTempDir();
        using var det = ScrfdDetector.Open(BuildScrfd(dir, keypoints));
        Assert.Equal(64, det.InputWidth);

        // 128 x 96 image: letterboxed to 64 x 48, so scale = 0.5 and coordinates double.
        var faces = det.Detect(RgbImage.Black(128, 96));
        Assert.Equal(2, faces.Count);
        var a = faces[0];
        Assert.Equal(0.9f, a.Score, 6);
        // centre (24, 16), d = (1, 1.5, 2, 2.5) * 8 -> (16, 4, 40, 36) -> / 0.5
        Assert.Equal([32f, 8f, 80f, 72f], new[] { a.X1, a.Y1, a.X2, a.Y2 });
        var b = faces[1];
        Assert.Equal(0.7f, b.Score, 6);
        Assert.Equal([48f, 48f, 80f, 80f], new[] { b.X1, b.Y1, b.X2, b.Y2 });
        if (keypoints)
        {
            (double, double)[] want = [(32, 32), (40, 36), (48, 40), (56, 44), (64, 48)];
            Assert.Equal(want, a.Landmarks);
            Assert.All(b.Landmarks!, p => Assert.Equal((64.0, 64.0), p));
        }
        else
        {
            Assert.Null(a.Landmarks);
        }
    }

    [Fact]
    public void NmsUsesPlusOneAreasAndStrictThreshold()
    {
        // Boxes of 10 x 10 (+1 convention: 11 x 11 = 121); overlap 11 x 6 = 66 -> IoU = 66 / 176 = 0.375.
        var a = new DetectedFace(0, 0, 10, 10, 0.9f, null);
        var b = new DetectedFace(0, 5, 10, 15, 0.8f, null);
        Assert.Equal(66f / 176f, ScrfdDecoder.Iou(a, b), 6);
        Assert.Equal(2, ScrfdDecoder.Nms([a, b], 0.4f).Count);
        Assert.Single(ScrfdDecoder.Nms([a, b], 0.375f - 1e-4f));
    }

    [Fact]
    public void LetterboxPastesTopLeft()
    {
        var img = RgbImage.Black(4, 2);
        Array.Fill(img.Pixels, (byte)255);
        var (blob, scale) = ScrfdDetector.Letterbox(img, 32, 32);
        Assert.Equal(8f, scale); // new size 32 x 16
        Assert.Equal((255 - 127.5f) / 128f, blob[0]);
        Assert.Equal((255 - 127.5f) / 128f, blob[(15 * 32) + 31]);
        Assert.Equal(-127.5f / 128f, blob[16 * 32]);
    }
}
