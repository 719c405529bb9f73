using System.IO.Compression;

namespace FaceSynth.Embeddings;

/// <summary>
/// Reads and writes NumPy <c>.npz</c> archives (FORMATS.md 2.4): a zip of <c>&lt;name&gt;.npy</c> members,
/// stored (<c>numpy.savez</c>) or deflated (<c>numpy.savez_compressed</c>). Names in this API drop the
/// <c>.npy</c> suffix; members without it are ignored. Declared member sizes are checked against limits
/// and against the compressed size before anything is decompressed (zip bombs).
/// </summary>
public static class Npz
{
    // Deflate's maximum expansion is about 1032:1; allow a little slack for tiny members.
    private const long MaxDeflateRatio = 1100;

    /// <summary>The array names in archive order.</summary>
    public static IReadOnlyList<string> ListNames(string path, NpyReadOptions? options = null) =>
        WithArchive(path, options, (zip, members, _) => members.Select(m => m.Name).ToList());

    /// <summary>Reads every array, keyed by name, in archive order.</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path, NpyReadOptions? options = null) =>
        WithArchive(path, options, (zip, members, o) =>
        {
            var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            foreach (var m in members)
            {
                result[m.Name] = ReadMember(path, m, o);
            }

            return (IReadOnlyDictionary<string, NpyArray>)result;
        });

    /// <summary>Reads the array called <paramref name="name"/> (without <c>.npy</c>).</summary>
    public static NpyArray ReadArray(string path, string name, NpyReadOptions? options = null) =>
        WithArchive(path, options, (zip, members, o) =>
        {
            var m = members.FirstOrDefault(x => x.Name == name)
                ?? throw new FaceSynthDataException(path, $"no array named '{name}' (archive holds: {string.Join(", ", members.Select(x => x.Name))})");
            return ReadMember(path, m, o);
        });

    /// <summary>Reads the array <paramref name="name"/> as an embedding matrix (see <see cref="Npy.ReadMatrix"/>).</summary>
    public static EmbeddingMatrix ReadMatrix(string path, string name, NpyReadOptions? options = null)
    {
        var array = ReadArray(path, name, options);
        var header = new NpyHeader(1, array.DType, false, array.Shape, 0);
        var source = $"{path}[{name}]";
        var (rows, dim) = Npy.MatrixShape(header, source);
        return new EmbeddingMatrix(array.ToFloats(), rows, dim);
    }

    /// <summary>
    /// Writes the arrays as <c>&lt;name&gt;.npy</c> members, stored like <c>numpy.savez</c> or deflated like
    /// <c>numpy.savez_compressed</c>; atomically (temporary file, then move).
    /// </summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> arrays, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var list = arrays.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, array) in list)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(arrays));
            ArgumentNullException.ThrowIfNull(array, nameof(arrays));
            if (!names.Add(name))
            {
                throw new ArgumentException($"duplicate array name '{name}'", nameof(arrays));
            }
        }

        AtomicFileWriter.Write(path, fs =>
        {
            using var zip = new ZipArchive(fs, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, array) in list)
            {
                var entry = zip.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var s = entry.Open();
                NpyWriter.Write(s, array);
            }
        });
    }

    private static NpyArray ReadMember(string path, Member m, NpyReadOptions options)
    {
        string source = $"{path}[{m.Entry.FullName}]";
        using var s = m.Entry.Open();
        var array = Npy.Read(s, m.Entry.Length, source, options);
        if (s.ReadByte() != -1)
        {
            throw new FaceSynthDataException(source, $"member holds more data than its declared size of {m.Entry.Length} bytes");
        }

        return array;
    }

    private static T WithArchive<T>(string path, NpyReadOptions? options, Func<ZipArchive, List<Member>, NpyReadOptions, T> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var o = options ?? NpyReadOptions.Default;
        return Npy.Guard(path, () =>
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var methods = ZipDirectory.ReadMethods(fs, path);
            using var zip = new ZipArchive(fs, ZipArchiveMode.Read, leaveOpen: true);
            var entries = zip.Entries;
            if (entries.Count != methods.Count)
            {
                throw new FaceSynthDataException(path, "zip central directory is inconsistent");
            }

            var members = new List<Member>();
            long total = 0;
            for (int i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                string where = $"{path}[{e.FullName}]";
                if (methods[i] is not (0 or 8))
                {
                    throw new FaceSynthDataException(where, $"zip compression method {methods[i]} is not supported (expected stored (0) or deflate (8))");
                }

                if (e.IsEncrypted)
                {
                    throw new FaceSynthDataException(where, "encrypted zip members are not supported");
                }

                if (e.Length < 0 || e.Length > o.MaxNpzMemberBytes)
                {
                    throw new FaceSynthDataException(where, $"declared size {e.Length} bytes exceeds the limit of {o.MaxNpzMemberBytes} bytes");
                }

                if ((methods[i] == 0 && e.Length != e.CompressedLength)
                    || (methods[i] == 8 && e.Length > (e.CompressedLength * MaxDeflateRatio) + 4096))
                {
                    throw new FaceSynthDataException(where, $"declared size {e.Length} bytes is impossible for {e.CompressedLength} compressed bytes (corrupt archive or zip bomb)");
                }

                total += e.Length;
                if (total > o.MaxNpzTotalBytes)
                {
                    throw new FaceSynthDataException(path, $"total uncompressed size exceeds the limit of {o.MaxNpzTotalBytes} bytes");
                }

                if (e.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    members.Add(new Member(e.FullName[..^4], e));
                }
            }

            return body(zip, members, o);
        });
    }

    private sealed record Member(string Name, ZipArchiveEntry Entry);
}
