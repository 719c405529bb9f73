namespace FaceSynth.Vision.Onnx;

/// <summary>A node attribute (onnx.proto <c>AttributeProto</c>) for <see cref="OnnxGraphBuilder"/>.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, int type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>The attribute name.</summary>
    public string Name { get; }

    internal int Type { get; }

    internal long IntValue { get; private init; }

    internal float FloatValue { get; private init; }

    internal string? StringValue { get; private init; }

    internal long[]? IntsValue { get; private init; }

    internal float[]? FloatsValue { get; private init; }

    internal OnnxTensor? TensorValue { get; private init; }

    /// <summary>An int64 attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, 2) { IntValue = value };

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, 1) { FloatValue = value };

    /// <summary>A string attribute (UTF-8).</summary>
    public static OnnxAttribute String(string name, string value) => new(name, 3) { StringValue = value };

    /// <summary>A list-of-int64 attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, 7) { IntsValue = values };

    /// <summary>A list-of-float attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, 6) { FloatsValue = values };

    /// <summary>A tensor attribute (as used by <c>Constant</c>).</summary>
    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new(name, 4) { TensorValue = value };

    internal void WriteTo(ProtoWriter w)
    {
        w.String(1, Name);
        switch (Type)
        {
            case 1: w.Float(2, FloatValue); break;
            case 2: w.Int64(3, IntValue); break;
            case 3: w.Bytes(4, System.Text.Encoding.UTF8.GetBytes(StringValue!)); break;
            case 4: w.Message(5, t => OnnxGraphBuilder.WriteTensor(t, TensorValue!, null)); break;
            case 6: w.PackedFloat(7, FloatsValue!); break;
            case 7: w.PackedInt64(8, IntsValue!); break;
            default: throw new InvalidOperationException($"attribute type {Type}");
        }

        w.Int32(20, Type);
    }
}
