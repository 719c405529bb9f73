namespace FaceSynth.Formats;

/// <summary>Limits of <see cref="SafePickle"/>.</summary>
/// <param name="MaxAllocationFactor">Total bytes of strings and arrays created may not exceed this times the input size.</param>
/// <param name="MaxDepth">Deepest allowed MARK nesting.</param>
/// <param name="MaxMemo">Largest number of memo entries.</param>
public sealed record SafePickleOptions(double MaxAllocationFactor = 2.0, int MaxDepth = 256, int MaxMemo = 50_000_000)
{
    /// <summary>The defaults of FORMATS.md 4.3.</summary>
    public static SafePickleOptions Default { get; } = new();
}
