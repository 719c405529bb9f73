using System.Numerics.Tensors;

namespace FaceSynth.Audit.Translation;

/// <summary>Residual MLP translator <c>y = x W0 + b0 + relu(x W1 + b1) W2 + b2</c> (AUDIT.md 3.3).</summary>
public sealed class MlpTranslator : IEmbeddingTranslator
{
    /// <summary>Creates the translator from its weights (all row-major: W0 p x q, W1 p x h, W2 h x q).</summary>
    public MlpTranslator(float[] w0, float[] b0, float[] w1, float[] b1, float[] w2, float[] b2, int inputDim, int hidden, int outputDim, string sourceModel = "", string targetModel = "")
    {
        ArgumentNullException.ThrowIfNull(w0);
        ArgumentNullException.ThrowIfNull(b0);
        ArgumentNullException.ThrowIfNull(w1);
        ArgumentNullException.ThrowIfNull(b1);
        ArgumentNullException.ThrowIfNull(w2);
        ArgumentNullException.ThrowIfNull(b2);
        if (w0.Length != inputDim * outputDim || b0.Length != outputDim || w1.Length != inputDim * hidden || b1.Length != hidden
            || w2.Length != hidden * outputDim || b2.Length != outputDim)
        {
            throw new ArgumentException($"MLP weights do not match p={inputDim}, h={hidden}, q={outputDim}");
        }

        (W0, B0, W1, B1, W2, B2) = (w0, b0, w1, b1, w2, b2);
        InputDim = inputDim;
        Hidden = hidden;
        OutputDim = outputDim;
        SourceModel = sourceModel;
        TargetModel = targetModel;
    }

    /// <summary>Linear part, p x q.</summary>
    public float[] W0 { get; }

    /// <summary>Linear bias, q.</summary>
    public float[] B0 { get; }

    /// <summary>First layer, p x h.</summary>
    public float[] W1 { get; }

    /// <summary>First bias, h.</summary>
    public float[] B1 { get; }

    /// <summary>Second layer, h x q.</summary>
    public float[] W2 { get; }

    /// <summary>Second bias, q.</summary>
    public float[] B2 { get; }

    /// <summary>Hidden width.</summary>
    public int Hidden { get; }

    /// <inheritdoc/>
    public string SourceModel { get; }

    /// <inheritdoc/>
    public string TargetModel { get; }

    /// <inheritdoc/>
    public int InputDim { get; }

    /// <inheritdoc/>
    public int OutputDim { get; }

    /// <inheritdoc/>
    public void Translate(ReadOnlySpan<float> input, Span<float> output, int count)
    {
        Shapes.Check(this, input, output, count);
        var hid = new float[Hidden];
        var tmp = new float[OutputDim];
        for (int r = 0; r < count; r++)
        {
            var x = input.Slice(r * InputDim, InputDim);
            var y = output.Slice(r * OutputDim, OutputDim);
            Shapes.Affine(x, W0, B0, y);
            Shapes.Affine(x, W1, B1, hid);
            TensorPrimitives.Max(hid, 0f, hid);
            Shapes.Affine(hid, W2, B2, tmp);
            TensorPrimitives.Add(y, tmp, y);
        }
    }
}
