namespace FaceSynth.Vision.Detection;

/// <summary>SCRFD output decoding, NMS and ranking (FORMATS.md 7.2), independent of ONNX Runtime.</summary>
public static class ScrfdDecoder
{
    /// <summary>The (strides, anchors per cell, has keypoints) layout of a model with <paramref name="outputCount"/> outputs.</summary>
    public static (int[] Strides, int Anchors, bool Keypoints) Layout(int outputCount) => outputCount switch
    {
        6 => ([8, 16, 32], 2, false),
        9 => ([8, 16, 32], 2, true),
        10 => ([8, 16, 32, 64, 128], 1, false),
        15 => ([8, 16, 32, 64, 128], 1, true),
        _ => throw new ArgumentException($"SCRFD models have 6, 9, 10 or 15 outputs, not {outputCount}"),
    };

    /// <summary>
    /// Decodes raw outputs (ordered scores per stride, boxes per stride, keypoints per stride; any batch
    /// dimension already dropped) of an input of <paramref name="inputWidth"/> x <paramref name="inputHeight"/>
    /// into candidates with score >= <paramref name="threshold"/>, in image coordinates (divided by
    /// <paramref name="scale"/>), sorted by score descending. No NMS.
    /// </summary>
    public static List<DetectedFace> Decode(IReadOnlyList<float[]> outputs, int inputWidth, int inputHeight, float scale, float threshold, string source = "detector")
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var (strides, anchors, kps) = Layout(outputs.Count);
        int f = strides.Length;
        var found = new List<DetectedFace>();
        for (int k = 0; k < f; k++)
        {
            int s = strides[k], gh = inputHeight / s, gw = inputWidth / s, rows = gh * gw * anchors;
            float[] scores = outputs[k], boxes = outputs[f + k];
            float[]? points = kps ? outputs[(2 * f) + k] : null;
            if (scores.Length != rows || boxes.Length != rows * 4 || (points is not null && points.Length != rows * 10))
            {
                throw new FaceSynthDataException(source, $"stride {s}: outputs hold {scores.Length} scores, {boxes.Length} box and {points?.Length ?? 0} keypoint values; expected {rows}, {rows * 4} and {(kps ? rows * 10 : 0)} for a {inputWidth} x {inputHeight} input");
            }

            for (int row = 0; row < rows; row++)
            {
                float score = scores[row];
                if (!(score >= threshold))
                {
                    continue;
                }

                int cell = row / anchors;
                float cx = (cell % gw) * s, cy = (cell / gw) * s;
                int b = row * 4;
                var face = new DetectedFace(
                    (cx - (boxes[b] * s)) / scale, (cy - (boxes[b + 1] * s)) / scale,
                    (cx + (boxes[b + 2] * s)) / scale, (cy + (boxes[b + 3] * s)) / scale, score, null);
                if (points is not null)
                {
                    var lm = new (double X, double Y)[5];
                    for (int j = 0; j < 5; j++)
                    {
                        lm[j] = ((cx + (points[(row * 10) + (2 * j)] * s)) / scale, (cy + (points[(row * 10) + (2 * j) + 1] * s)) / scale);
                    }

                    face = face with { Landmarks = lm };
                }

                found.Add(face);
            }
        }

        // Stable sort: equal scores keep stride/row order as numpy's argsort on the pooled array would mostly do.
        return [.. found.OrderByDescending(d => d.Score)];
    }

    /// <summary>Greedy NMS over score-sorted <paramref name="sorted"/>: a box is dropped when its IoU with a kept one is > <paramref name="iouThreshold"/>.</summary>
    public static List<DetectedFace> Nms(IReadOnlyList<DetectedFace> sorted, float iouThreshold)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var kept = new List<DetectedFace>();
        var removed = new bool[sorted.Count];
        for (int i = 0; i < sorted.Count; i++)
        {
            if (removed[i])
            {
                continue;
            }

            var a = sorted[i];
            kept.Add(a);
            for (int j = i + 1; j < sorted.Count; j++)
            {
                if (!removed[j] && Iou(a, sorted[j]) > iouThreshold)
                {
                    removed[j] = true;
                }
            }
        }

        return kept;
    }

    /// <summary>Intersection over union with the "+1" pixel convention.</summary>
    public static float Iou(DetectedFace a, DetectedFace b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        float w = Math.Max(0, Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1) + 1);
        float h = Math.Max(0, Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1) + 1);
        float inter = w * h;
        return inter / (a.Area + b.Area - inter);
    }

    /// <summary>The first <paramref name="maxNum"/> faces ranked by area minus twice the squared offset of the box centre from the image centre.</summary>
    public static List<DetectedFace> Rank(IReadOnlyList<DetectedFace> faces, int maxNum, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(faces);
        if (maxNum <= 0 || faces.Count <= maxNum)
        {
            return [.. faces];
        }

        int icx = imageWidth / 2, icy = imageHeight / 2;
        return [.. faces.OrderByDescending(f =>
        {
            double cx = ((f.X1 + f.X2) / 2.0) - icx, cy = ((f.Y1 + f.Y2) / 2.0) - icy;
            return ((double)(f.X2 - f.X1) * (f.Y2 - f.Y1)) - (2 * ((cx * cx) + (cy * cy)));
        }).Take(maxNum)];
    }
}
