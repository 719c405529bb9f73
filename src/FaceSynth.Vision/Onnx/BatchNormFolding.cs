namespace FaceSynth.Vision.Onnx;

/// <summary>Folds an inference-mode batch normalisation into the preceding convolution's weights and bias.</summary>
public static class BatchNormFolding
{
    /// <summary>
    /// Returns the weights [outC, ...] and bias [outC] of a convolution equal to <c>BN(conv(x))</c>:
    /// <c>w' = w * g / sqrt(v + eps)</c> per output channel, <c>b' = (b - m) * g / sqrt(v + eps) + beta</c>.
    /// </summary>
    public static (OnnxTensor Weight, OnnxTensor Bias) Fold(OnnxTensor weight, float[]? bias, float[] scale, float[] beta, float[] mean, float[] variance, float epsilon = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(beta);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        float[] w = weight.ToFloatArray();
        int outC = (int)weight.Dims[0];
        int per = w.Length / outC;
        var b = new float[outC];
        for (int o = 0; o < outC; o++)
        {
            double k = scale[o] / Math.Sqrt(variance[o] + (double)epsilon);
            for (int i = 0; i < per; i++)
            {
                w[(o * per) + i] = (float)(w[(o * per) + i] * k);
            }

            b[o] = (float)((((bias?[o] ?? 0f) - mean[o]) * k) + beta[o]);
        }

        return (OnnxTensor.Float(w, [.. weight.Dims]), OnnxTensor.Float(b, outC));
    }
}
