namespace FaceSynth.Formats;

/// <summary>A Python tuple read by <see cref="SafePickle"/>.</summary>
/// <param name="Items">The elements.</param>
public sealed record PickleTuple(object?[] Items)
{
    /// <summary>Number of elements.</summary>
    public int Count => Items.Length;
}

/// <summary>A numpy array read by <see cref="SafePickle"/>: dtype string (e.g. <c>|u1</c>), shape and raw C-order bytes.</summary>
/// <param name="DType">Byte order character plus type code, as numpy's <c>dtype.str</c>.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Data">Raw element bytes.</param>
public sealed record PickleNdArray(string DType, long[] Shape, byte[] Data);

/// <summary>A whitelisted global name pushed by <c>GLOBAL</c>/<c>STACK_GLOBAL</c>; never resolved to code.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>A numpy dtype under construction (type string; byte order set by BUILD).</summary>
internal sealed class PickleDType(string code)
{
    public string Code { get; } = code;

    public char ByteOrder { get; set; } = '|';

    public int ItemSize => Code.Length > 1 && int.TryParse(Code.AsSpan(1), out int n) ? n : 1;

    public string Str => $"{ByteOrder}{Code}";
}

/// <summary>An ndarray created by <c>_reconstruct</c> and not yet filled by BUILD.</summary>
internal sealed class PickleArrayPlaceholder
{
    public PickleNdArray? Value { get; set; }
}
