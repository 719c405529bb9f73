using System.Numerics.Tensors;

namespace FaceSynth.Audit.Translation;

/// <summary>Affine translator <c>y = x W + b</c> (ridge, Procrustes): W is p x q row-major.</summary>
public sealed class LinearTranslator : IEmbeddingTranslator
{
    /// <summary>Creates the translator; <paramref name="w"/> has inputDim x outputDim values.</summary>
    public LinearTranslator(float[] w, float[] b, int inputDim, int outputDim, string sourceModel = "", string targetModel = "")
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        if (w.Length != (long)inputDim * outputDim || b.Length != outputDim)
        {
            throw new ArgumentException($"W must be {inputDim} x {outputDim} and b {outputDim} long");
        }

        W = w;
        B = b;
        InputDim = inputDim;
        OutputDim = outputDim;
        SourceModel = sourceModel;
        TargetModel = targetModel;
    }

    /// <summary>Weights, InputDim x OutputDim row-major.</summary>
    public float[] W { get; }

    /// <summary>Bias, OutputDim.</summary>
    public float[] B { get; }

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
        for (int r = 0; r < count; r++)
        {
            Shapes.Affine(input.Slice(r * InputDim, InputDim), W, B, output.Slice(r * OutputDim, OutputDim));
        }
    }
}

/// <summary>Shape checks and the affine row kernel shared by the translators.</summary>
internal static class Shapes
{
    public static void Check(IEmbeddingTranslator t, ReadOnlySpan<float> input, Span<float> output, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (input.Length < (long)count * t.InputDim || output.Length < (long)count * t.OutputDim)
        {
            throw new ArgumentException($"{count} rows need {count * (long)t.InputDim} inputs and {count * (long)t.OutputDim} outputs");
        }
    }

    /// <summary>out = x W + b for one row (W: x.Length x out.Length).</summary>
    public static void Affine(ReadOnlySpan<float> x, float[] w, float[] b, Span<float> output)
    {
        int q = output.Length;
        b.AsSpan().CopyTo(output);
        for (int i = 0; i < x.Length; i++)
        {
            float xi = x[i];
            if (xi != 0)
            {
                TensorPrimitives.MultiplyAdd(w.AsSpan(i * q, q), xi, output, output);
            }
        }
    }
}
