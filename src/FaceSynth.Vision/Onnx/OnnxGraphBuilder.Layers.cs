namespace FaceSynth.Vision.Onnx;

/// <summary>Layer helpers: each adds one node (and its weights as initializers) and returns the output name.</summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>2-D convolution; <paramref name="weight"/> is [outC, inC/group, kH, kW], <paramref name="bias"/> [outC] or null.</summary>
    public string Conv(string x, OnnxTensor weight, OnnxTensor? bias, int stride = 1, int pad = 0, int group = 1, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var inputs = new List<string> { x, Constant(weight) };
        if (bias is not null)
        {
            inputs.Add(Constant(bias));
        }

        return Node("Conv", inputs, 1, name,
            OnnxAttribute.Ints("kernel_shape", weight.Dims[2], weight.Dims[3]),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad),
            OnnxAttribute.Int("group", group))[0];
    }

    /// <summary>Inference-mode BatchNormalization with per-channel scale, bias, running mean and variance.</summary>
    public string BatchNorm(string x, float[] scale, float[] bias, float[] mean, float[] variance, float epsilon = 1e-5f, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        long c = scale.Length;
        return Node("BatchNormalization",
            [x, Constant(OnnxTensor.Float(scale, c)), Constant(OnnxTensor.Float(bias, c)), Constant(OnnxTensor.Float(mean, c)), Constant(OnnxTensor.Float(variance, c))],
            1, name, OnnxAttribute.Float("epsilon", epsilon))[0];
    }

    /// <summary>Rectified linear unit.</summary>
    public string Relu(string x, string? name = null) => Node("Relu", [x], 1, name)[0];

    /// <summary>Parametric ReLU with one slope per channel (shape [C, 1, 1] so it broadcasts over NCHW).</summary>
    public string PRelu(string x, float[] slopes, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(slopes);
        return Node("PRelu", [x, Constant(OnnxTensor.Float(slopes, slopes.Length, 1, 1))], 1, name)[0];
    }

    /// <summary>Logistic sigmoid.</summary>
    public string Sigmoid(string x, string? name = null) => Node("Sigmoid", [x], 1, name)[0];

    /// <summary>Hyperbolic tangent.</summary>
    public string Tanh(string x, string? name = null) => Node("Tanh", [x], 1, name)[0];

    /// <summary>Max pooling with a square kernel.</summary>
    public string MaxPool(string x, int kernel, int stride, int pad = 0, string? name = null) =>
        Node("MaxPool", [x], 1, name,
            OnnxAttribute.Ints("kernel_shape", kernel, kernel), OnnxAttribute.Ints("strides", stride, stride), OnnxAttribute.Ints("pads", pad, pad, pad, pad))[0];

    /// <summary>Average pooling with a square kernel (padding excluded from the average).</summary>
    public string AveragePool(string x, int kernel, int stride, int pad = 0, string? name = null) =>
        Node("AveragePool", [x], 1, name,
            OnnxAttribute.Ints("kernel_shape", kernel, kernel), OnnxAttribute.Ints("strides", stride, stride), OnnxAttribute.Ints("pads", pad, pad, pad, pad))[0];

    /// <summary>Global average pooling to N x C x 1 x 1.</summary>
    public string GlobalAveragePool(string x, string? name = null) => Node("GlobalAveragePool", [x], 1, name)[0];

    /// <summary>Flattens to 2-D at <paramref name="axis"/>.</summary>
    public string Flatten(string x, int axis = 1, string? name = null) => Node("Flatten", [x], 1, name, OnnxAttribute.Int("axis", axis))[0];

    /// <summary>Fully connected layer y = x W^T + b with <paramref name="weight"/> [out, in] and <paramref name="bias"/> [out] or null.</summary>
    public string Gemm(string x, OnnxTensor weight, OnnxTensor? bias, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var inputs = new List<string> { x, Constant(weight) };
        if (bias is not null)
        {
            inputs.Add(Constant(bias));
        }

        return Node("Gemm", inputs, 1, name, OnnxAttribute.Int("transB", 1))[0];
    }

    /// <summary>Matrix product with a constant right operand.</summary>
    public string MatMul(string x, OnnxTensor right, string? name = null) => Node("MatMul", [x, Constant(right)], 1, name)[0];

    /// <summary>Element-wise <c>x + c</c> with a broadcast constant.</summary>
    public string Add(string x, OnnxTensor c, string? name = null) => Node("Add", [x, Constant(c)], 1, name)[0];

    /// <summary>Element-wise sum of two tensors.</summary>
    public string Add(string x, string y, string? name = null) => Node("Add", [x, y], 1, name)[0];

    /// <summary>Element-wise <c>x - c</c> with a broadcast constant.</summary>
    public string Sub(string x, OnnxTensor c, string? name = null) => Node("Sub", [x, Constant(c)], 1, name)[0];

    /// <summary>Element-wise <c>x * c</c> with a broadcast constant.</summary>
    public string Mul(string x, OnnxTensor c, string? name = null) => Node("Mul", [x, Constant(c)], 1, name)[0];

    /// <summary>In-graph pixel normalisation <c>(x - mean) * (1 / std)</c> as MXNet-converted models do (nodes named Sub/Mul).</summary>
    public string Normalize(string x, float mean, float std) =>
        Mul(Sub(x, OnnxTensor.Scalar(mean), Unique("Sub")), OnnxTensor.Scalar(1f / std), Unique("Mul"));

    /// <summary>Reshapes to <paramref name="shape"/> (ONNX rules: 0 copies a dimension, -1 is inferred).</summary>
    public string Reshape(string x, params long[] shape) => Node("Reshape", [x, Constant(OnnxTensor.Int64(shape, shape.Length))], 1)[0];

    /// <summary>Permutes axes.</summary>
    public string Transpose(string x, params long[] perm) => Node("Transpose", [x], 1, null, OnnxAttribute.Ints("perm", perm))[0];

    /// <summary>Concatenates along <paramref name="axis"/>.</summary>
    public string Concat(int axis, params string[] xs) => Node("Concat", xs, 1, null, OnnxAttribute.Int("axis", axis))[0];

    /// <summary>Identity (gives a tensor a second name, e.g. to expose it as a graph output).</summary>
    public string Identity(string x, string? name = null) => Node("Identity", [x], 1, name)[0];

    /// <summary>Scales each row to unit L2 norm along <paramref name="axis"/>.</summary>
    public string LpNormalization(string x, int axis = 1) => Node("LpNormalization", [x], 1, null, OnnxAttribute.Int("axis", axis), OnnxAttribute.Int("p", 2))[0];
}
