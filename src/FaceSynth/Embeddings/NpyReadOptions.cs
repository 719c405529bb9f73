namespace FaceSynth.Embeddings;

/// <summary>Limits applied while reading <c>.npy</c> / <c>.npz</c> files (FORMATS.md 2.1, 2.4, 9).</summary>
public sealed record NpyReadOptions
{
    /// <summary>The default limits.</summary>
    public static NpyReadOptions Default { get; } = new();

    /// <summary>Largest accepted header text in bytes (numpy's own reader limit is 10,000).</summary>
    public int MaxHeaderBytes { get; init; } = 10_000;

    /// <summary>
    /// Largest accepted uncompressed size of one <c>.npz</c> member, in bytes. Deflate cannot expand
    /// data more than about 1032:1, so a member's declared size is also checked against its compressed size.
    /// </summary>
    public long MaxNpzMemberBytes { get; init; } = 64L << 30;

    /// <summary>Largest accepted total uncompressed size of all members of one <c>.npz</c> file, in bytes.</summary>
    public long MaxNpzTotalBytes { get; init; } = 256L << 30;
}
