namespace FaceSynth.Vision.Onnx;

/// <summary>
/// Builds an ONNX model (onnx.proto <c>ModelProto</c>, IR version 7, default opset 13) in code and
/// serialises it without protoc: graph inputs and outputs, initializers and nodes of any operator,
/// with helpers for the layers face models use (Conv, BatchNormalization, PRelu/Relu, pooling, Gemm,
/// Flatten, element-wise normalisation). Used by tests to build models with known outputs, so that
/// no model file needs to be downloaded.
/// </summary>
public sealed partial class OnnxGraphBuilder
{
    private readonly List<(string Name, OnnxDataType Type, long[] Dims)> _inputs = [];
    private readonly List<(string Name, OnnxDataType Type, long[]? Dims)> _outputs = [];
    private readonly List<(string Name, OnnxTensor Tensor)> _initializers = [];
    private readonly List<NodeSpec> _nodes = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Starts an empty graph called <paramref name="graphName"/> for operator set <paramref name="opset"/>.</summary>
    public OnnxGraphBuilder(string graphName = "facesynth", int opset = 13)
    {
        GraphName = graphName;
        Opset = opset;
    }

    /// <summary>The graph name.</summary>
    public string GraphName { get; }

    /// <summary>The default-domain operator set version.</summary>
    public int Opset { get; }

    /// <summary>Number of nodes added so far.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Declares a graph input; a negative dimension is symbolic (named <c>N</c>, <c>d1</c>, ...).</summary>
    public string Input(string name, OnnxDataType type, params long[] dims)
    {
        Claim(name);
        _inputs.Add((name, type, dims));
        return name;
    }

    /// <summary>Declares <paramref name="name"/> (a node output) as a graph output; <paramref name="dims"/> null = unknown shape.</summary>
    public void Output(string name, OnnxDataType type = OnnxDataType.Float, params long[]? dims)
    {
        _outputs.Add((name, type, dims is { Length: > 0 } ? dims : null));
    }

    /// <summary>Adds a constant tensor (initializer) and returns its name.</summary>
    public string Constant(OnnxTensor tensor, string? name = null)
    {
        if (name is null)
        {
            name = Unique("const");
        }
        else
        {
            Claim(name);
        }

        _initializers.Add((name, tensor));
        return name;
    }

    /// <summary>
    /// Adds a node of any operator; returns its output names. <paramref name="name"/> defaults to
    /// <c>OpType_k</c> (insightface's normalisation detection looks at these names); an explicit, unused name
    /// of a single-output node also names its output (so it can be a graph output). An empty string in
    /// <paramref name="inputs"/> is an omitted optional input.
    /// </summary>
    public string[] Node(string opType, IReadOnlyList<string> inputs, int outputs = 1, string? name = null, params OnnxAttribute[] attributes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        var outs = new string[outputs];
        if (name is not null && outputs == 1 && _names.Add(name))
        {
            outs[0] = name; // an explicitly named single-output node names its output too
        }
        else
        {
            name ??= Unique(opType);
            for (int i = 0; i < outputs; i++)
            {
                outs[i] = Unique(name + "_out");
            }
        }

        _nodes.Add(new NodeSpec(opType, name, [.. inputs], outs, attributes));
        return outs;
    }

    /// <summary>A name not used yet, starting with <paramref name="prefix"/>.</summary>
    public string Unique(string prefix)
    {
        string candidate;
        do
        {
            candidate = $"{prefix}_{_counter++}";
        }
        while (_names.Contains(candidate));

        _names.Add(candidate);
        return candidate;
    }

    /// <summary>The serialised <c>ModelProto</c>.</summary>
    public byte[] ToBytes()
    {
        var model = new ProtoWriter();
        model.Int64(1, 7);                                   // ir_version
        model.String(2, "FaceSynth");                        // producer_name
        model.String(3, "0.1");                              // producer_version
        model.Message(7, WriteGraph);                        // graph
        model.Message(8, o => o.Int64(2, Opset));            // opset_import (default domain)
        return model.ToArray();
    }

    /// <summary>Writes the model to <paramref name="path"/> (temporary file, then move).</summary>
    public void Save(string path)
    {
        string tmp = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(tmp, ToBytes());
        File.Move(tmp, path, overwrite: true);
    }

    internal static void WriteTensor(ProtoWriter w, OnnxTensor tensor, string? name)
    {
        w.PackedInt64(1, tensor.Dims);
        w.Int32(2, (int)tensor.DataType);
        if (name is not null)
        {
            w.String(8, name);
        }

        w.Bytes(9, tensor.RawData);
    }

    private static void WriteValueInfo(ProtoWriter w, string name, OnnxDataType type, long[]? dims)
    {
        w.String(1, name);
        w.Message(2, t => t.Message(1, tensorType =>
        {
            tensorType.Int32(1, (int)type);
            if (dims is not null)
            {
                tensorType.Message(2, shape =>
                {
                    for (int i = 0; i < dims.Length; i++)
                    {
                        long d = dims[i];
                        shape.Message(1, dim =>
                        {
                            if (d >= 0)
                            {
                                dim.Int64(1, d);
                            }
                            else
                            {
                                dim.String(2, i == 0 ? "N" : $"d{i}");
                            }
                        });
                    }
                });
            }
        }));
    }

    private void WriteGraph(ProtoWriter g)
    {
        foreach (var node in _nodes)
        {
            g.Message(1, n =>
            {
                foreach (string i in node.Inputs)
                {
                    n.String(1, i);
                }

                foreach (string o in node.Outputs)
                {
                    n.String(2, o);
                }

                n.String(3, node.Name);
                n.String(4, node.OpType);
                foreach (var a in node.Attributes)
                {
                    n.Message(5, a.WriteTo);
                }
            });
        }

        g.String(2, GraphName);
        foreach (var (name, tensor) in _initializers)
        {
            g.Message(5, t => WriteTensor(t, tensor, name));
        }

        foreach (var (name, type, dims) in _inputs)
        {
            g.Message(11, v => WriteValueInfo(v, name, type, dims));
        }

        foreach (var (name, type, dims) in _outputs)
        {
            g.Message(12, v => WriteValueInfo(v, name, type, dims));
        }
    }

    private void Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new ArgumentException($"the name '{name}' is already used in this graph", nameof(name));
        }
    }

    private sealed record NodeSpec(string OpType, string Name, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);
}
