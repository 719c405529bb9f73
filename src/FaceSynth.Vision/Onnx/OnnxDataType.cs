namespace FaceSynth.Vision.Onnx;

/// <summary>ONNX tensor element types (values of <c>TensorProto.DataType</c> in onnx.proto).</summary>
public enum OnnxDataType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>32-bit signed integer.</summary>
    Int32 = 6,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,
}
