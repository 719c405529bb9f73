namespace FaceSynth.Vision.Onnx;

/// <summary>A graph input or output: name, element type (onnx.proto code) and dimensions (null = symbolic or unknown).</summary>
public sealed record OnnxValueInfo(string Name, int ElementType, IReadOnlyList<long?>? Dims);

/// <summary>A node's name and operator type, in graph order.</summary>
public sealed record OnnxNodeInfo(string Name, string OpType);

/// <summary>
/// What FaceSynth needs to know about an ONNX model before running it, read directly from the file's
/// protobuf encoding: node names and types (for normalisation detection), graph inputs and outputs.
/// </summary>
public sealed class OnnxModelInfo
{
    /// <summary>Largest model file read (2 GiB, the protobuf limit).</summary>
    public const long MaxModelBytes = int.MaxValue;

    private OnnxModelInfo(long irVersion, IReadOnlyList<OnnxNodeInfo> nodes, IReadOnlyList<OnnxValueInfo> inputs, IReadOnlyList<OnnxValueInfo> outputs, IReadOnlyList<string> initializers)
    {
        IrVersion = irVersion;
        Nodes = nodes;
        Outputs = outputs;
        var init = new HashSet<string>(initializers, StringComparer.Ordinal);
        Inputs = [.. inputs.Where(i => !init.Contains(i.Name))];
    }

    /// <summary>The model's IR version.</summary>
    public long IrVersion { get; }

    /// <summary>The graph's nodes in order.</summary>
    public IReadOnlyList<OnnxNodeInfo> Nodes { get; }

    /// <summary>Graph inputs that are not initializers.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <summary>Graph outputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>
    /// insightface's test for in-graph pixel normalisation (FORMATS.md 7.1): among the first 8 nodes one
    /// is named <c>Sub*</c> or <c>_minus*</c> and one <c>Mul*</c> or <c>_mul*</c>.
    /// </summary>
    public bool HasInGraphNormalization
    {
        get
        {
            bool sub = false, mul = false;
            foreach (var n in Nodes.Take(8))
            {
                sub |= n.Name.StartsWith("Sub", StringComparison.Ordinal) || n.Name.StartsWith("_minus", StringComparison.Ordinal);
                mul |= n.Name.StartsWith("Mul", StringComparison.Ordinal) || n.Name.StartsWith("_mul", StringComparison.Ordinal);
            }

            return sub && mul;
        }
    }

    /// <summary>Reads the model file at <paramref name="path"/>; a file that is not an ONNX model is a <see cref="FaceSynthDataException"/>.</summary>
    public static OnnxModelInfo Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FaceSynthDataException(path, "model file not found");
        }

        if (info.Length == 0)
        {
            throw new FaceSynthDataException(path, "the file is empty (0 bytes); expected an ONNX model");
        }

        if (info.Length > MaxModelBytes)
        {
            throw new FaceSynthDataException(path, $"the file has {info.Length} bytes; ONNX models with external data over 2 GiB are not supported");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses a serialised <c>ModelProto</c>.</summary>
    public static OnnxModelInfo Parse(ReadOnlySpan<byte> model, string source)
    {
        long ir = -1;
        bool graphSeen = false;
        var nodes = new List<OnnxNodeInfo>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        var initializers = new List<string>();
        var r = new ProtoReader(model, source);
        while (!r.End)
        {
            var (field, wire) = r.ReadKey();
            if (field == 1 && wire == 0)
            {
                ir = (long)r.ReadVarint();
            }
            else if (field == 7 && wire == 2)
            {
                var bytes = r.ReadLengthDelimited(out long offset);
                ParseGraph(bytes, source, offset, nodes, inputs, outputs, initializers);
                graphSeen = true;
            }
            else
            {
                r.Skip(wire);
            }
        }

        if (ir <= 0 || !graphSeen)
        {
            throw new FaceSynthDataException(source, ir <= 0
                ? "not an ONNX model: no IR version field"
                : "not an ONNX model: no graph");
        }

        if (outputs.Count == 0)
        {
            throw new FaceSynthDataException(source, "the ONNX graph has no outputs");
        }

        return new OnnxModelInfo(ir, nodes, inputs, outputs, initializers);
    }

    private static void ParseGraph(ReadOnlySpan<byte> graph, string source, long baseOffset, List<OnnxNodeInfo> nodes, List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs, List<string> initializers)
    {
        var r = new ProtoReader(graph, source, baseOffset);
        while (!r.End)
        {
            var (field, wire) = r.ReadKey();
            if (wire != 2)
            {
                r.Skip(wire);
                continue;
            }

            var bytes = r.ReadLengthDelimited(out long offset);
            switch (field)
            {
                case 1: nodes.Add(ParseNode(bytes, source, offset)); break;
                case 5: initializers.Add(ParseTensorName(bytes, source, offset)); break;
                case 11: inputs.Add(ParseValueInfo(bytes, source, offset)); break;
                case 12: outputs.Add(ParseValueInfo(bytes, source, offset)); break;
                default: break;
            }
        }
    }

    private static OnnxNodeInfo ParseNode(ReadOnlySpan<byte> node, string source, long baseOffset)
    {
        string name = "", op = "";
        var r = new ProtoReader(node, source, baseOffset);
        while (!r.End)
        {
            var (field, wire) = r.ReadKey();
            if (field == 3 && wire == 2)
            {
                name = r.ReadString();
            }
            else if (field == 4 && wire == 2)
            {
                op = r.ReadString();
            }
            else
            {
                r.Skip(wire);
            }
        }

        return new OnnxNodeInfo(name, op);
    }

    private static string ParseTensorName(ReadOnlySpan<byte> tensor, string source, long baseOffset)
    {
        var r = new ProtoReader(tensor, source, baseOffset);
        string name = "";
        while (!r.End)
        {
            var (field, wire) = r.ReadKey();
            if (field == 8 && wire == 2)
            {
                name = r.ReadString();
            }
            else
            {
                r.Skip(wire);
            }
        }

        return name;
    }

    private static OnnxValueInfo ParseValueInfo(ReadOnlySpan<byte> value, string source, long baseOffset)
    {
        string name = "";
        int elem = 0;
        List<long?>? dims = null;
        var r = new ProtoReader(value, source, baseOffset);
        while (!r.End)
        {
            var (field, wire) = r.ReadKey();
            if (field == 1 && wire == 2)
            {
                name = r.ReadString();
            }
            else if (field == 2 && wire == 2)
            {
                var typeBytes = r.ReadLengthDelimited(out long typeOffset);
                var tr = new ProtoReader(typeBytes, source, typeOffset);
                while (!tr.End)
                {
                    var (tf, tw) = tr.ReadKey();
                    if (tf == 1 && tw == 2)
                    {
                        var tensorBytes = tr.ReadLengthDelimited(out long tensorOffset);
                        (elem, dims) = ParseTensorType(tensorBytes, source, tensorOffset);
                    }
                    else
                    {
                        tr.Skip(tw);
                    }
                }
            }
            else
            {
                r.Skip(wire);
            }
        }

        return new OnnxValueInfo(name, elem, dims);
    }

    private static (int Elem, List<long?>? Dims) ParseTensorType(ReadOnlySpan<byte> tensorType, string source, long baseOffset)
    {
        int elem = 0;
        List<long?>? dims = null;
        var r = new ProtoReader(tensorType, source, baseOffset);
        while (!r.End)
        {
            var (field, wire) = r.ReadKey();
            if (field == 1 && wire == 0)
            {
                elem = (int)r.ReadVarint();
            }
            else if (field == 2 && wire == 2)
            {
                dims = [];
                var shapeBytes = r.ReadLengthDelimited(out long shapeOffset);
                var sr = new ProtoReader(shapeBytes, source, shapeOffset);
                while (!sr.End)
                {
                    var (sf, sw) = sr.ReadKey();
                    if (sf == 1 && sw == 2)
                    {
                        var dimBytes = sr.ReadLengthDelimited(out long dimOffset);
                        dims.Add(ParseDim(dimBytes, source, dimOffset));
                    }
                    else
                    {
                        sr.Skip(sw);
                    }
                }
            }
            else
            {
                r.Skip(wire);
            }
        }

        return (elem, dims);
    }

    private static long? ParseDim(ReadOnlySpan<byte> dim, string source, long baseOffset)
    {
        long? value = null;
        var r = new ProtoReader(dim, source, baseOffset);
        while (!r.End)
        {
            var (field, wire) = r.ReadKey();
            if (field == 1 && wire == 0)
            {
                value = (long)r.ReadVarint();
            }
            else
            {
                r.Skip(wire);
            }
        }

        return value;
    }
}
