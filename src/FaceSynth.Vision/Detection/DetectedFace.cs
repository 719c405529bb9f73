namespace FaceSynth.Vision.Detection;

/// <summary>A detected face in image pixel coordinates.</summary>
/// <param name="X1">Left.</param>
/// <param name="Y1">Top.</param>
/// <param name="X2">Right.</param>
/// <param name="Y2">Bottom.</param>
/// <param name="Score">Detector confidence (a probability).</param>
/// <param name="Landmarks">Five points (left eye, right eye, nose, left mouth corner, right mouth corner, as seen in the image), or null for detectors without keypoints.</param>
public sealed record DetectedFace(float X1, float Y1, float X2, float Y2, float Score, (double X, double Y)[]? Landmarks)
{
    /// <summary>Box area with the "+1" pixel convention used by NMS.</summary>
    public float Area => (X2 - X1 + 1) * (Y2 - Y1 + 1);
}
