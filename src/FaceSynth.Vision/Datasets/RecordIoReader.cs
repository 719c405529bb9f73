using System.Buffers.Binary;
using System.Globalization;

namespace FaceSynth.Vision.Datasets;

/// <summary>
/// Reads MXNet RecordIO files (FORMATS.md 5): by key through <c>.idx</c>, or sequentially. Every length
/// is checked against the file before anything is allocated; errors name the file and byte offset.
/// </summary>
public sealed class RecordIoReader : IDisposable
{
    private readonly FileStream _rec;
    private readonly Dictionary<long, long> _index = [];

    private RecordIoReader(string recPath, FileStream rec, List<long> keys)
    {
        RecPath = recPath;
        _rec = rec;
        Keys = keys;
    }

    /// <summary>The <c>.rec</c> file.</summary>
    public string RecPath { get; }

    /// <summary>Keys in <c>.idx</c> order (empty when opened without an index).</summary>
    public IReadOnlyList<long> Keys { get; }

    /// <summary>Whether an index was read.</summary>
    public bool HasIndex => Keys.Count > 0;

    /// <summary>Opens <paramref name="recPath"/> and, if it exists, the <c>.idx</c> beside it (or <paramref name="idxPath"/>).</summary>
    public static RecordIoReader Open(string recPath, string? idxPath = null)
    {
        if (!File.Exists(recPath))
        {
            throw new FaceSynthDataException(recPath, "file not found");
        }

        idxPath ??= Path.ChangeExtension(recPath, ".idx");
        var rec = new FileStream(recPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var keys = new List<long>();
        var reader = new RecordIoReader(recPath, rec, keys);
        try
        {
            ReadIndex(reader, rec, idxPath, keys);
        }
        catch
        {
            rec.Dispose();
            throw;
        }

        return reader;
    }

    private static void ReadIndex(RecordIoReader reader, FileStream rec, string idxPath, List<long> keys)
    {
        string recPath = reader.RecPath;
        if (File.Exists(idxPath))
        {
            int line = 0;
            foreach (string raw in File.ReadLines(idxPath))
            {
                line++;
                if (raw.Length == 0)
                {
                    continue;
                }

                var parts = raw.Split('\t');
                if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long key)
                    || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long offset))
                {
                    throw FaceSynthDataException.AtLine(idxPath, line, "expected 'key<TAB>offset' (two integers)");
                }

                if (offset < 0 || offset > rec.Length - 8)
                {
                    throw FaceSynthDataException.AtLine(idxPath, line, $"offset {offset} is outside {recPath} ({rec.Length} bytes)");
                }

                if (!reader._index.TryAdd(key, offset))
                {
                    throw FaceSynthDataException.AtLine(idxPath, line, $"key {key} appears twice");
                }

                keys.Add(key);
            }
        }
    }

    /// <summary>The payload of the record with key <paramref name="key"/> (needs the index).</summary>
    public byte[] Read(long key) => _index.TryGetValue(key, out long offset)
        ? ReadAt(offset, out _)
        : throw new FaceSynthDataException(RecPath, $"key {key} is not in the index");

    /// <summary>The image record with key <paramref name="key"/>.</summary>
    public ImageRecord ReadImage(long key)
    {
        long offset = _index.TryGetValue(key, out long o) ? o : throw new FaceSynthDataException(RecPath, $"key {key} is not in the index");
        return RecordIo.UnpackImage(ReadAt(offset, out _), RecPath, offset);
    }

    /// <summary>Every record in file order with its offset (no index needed).</summary>
    public IEnumerable<(long Offset, byte[] Payload)> Scan()
    {
        long offset = 0;
        while (offset < _rec.Length)
        {
            var payload = ReadAt(offset, out long next);
            yield return (offset, payload);
            offset = next;
        }
    }

    /// <summary>Reads the record starting at <paramref name="offset"/>, joining split pieces; <paramref name="next"/> is where the next record starts.</summary>
    public byte[] ReadAt(long offset, out long next)
    {
        using var assembled = new MemoryStream();
        Span<byte> head = stackalloc byte[8];
        long pos = offset;
        bool first = true;
        while (true)
        {
            if (_rec.Length - pos < 8)
            {
                throw FaceSynthDataException.AtOffset(RecPath, pos, "truncated record header (8 bytes expected)");
            }

            _rec.Position = pos;
            _rec.ReadExactly(head);
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(head);
            if (magic != RecordIo.Magic)
            {
                throw FaceSynthDataException.AtOffset(RecPath, pos, magic == 0x3ED7230A
                    ? "old RecordIO header revision (magic 0x3ED7230A) is not supported"
                    : $"bad magic 0x{magic:X8} (expected 0x{RecordIo.Magic:X8})");
            }

            uint lrec = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
            int len = (int)(lrec & RecordIo.MaxRecordLength);
            uint cflag = lrec >> 29;
            long padded = (len + 3L) & ~3L;
            if (_rec.Length - pos - 8 < len)
            {
                throw FaceSynthDataException.AtOffset(RecPath, pos, $"record declares {len} bytes but only {_rec.Length - pos - 8} remain (truncated file)");
            }

            if (first ? cflag is 2 or 3 : cflag is 0 or 1)
            {
                throw FaceSynthDataException.AtOffset(RecPath, pos, $"unexpected piece flag {cflag}");
            }

            if (!first)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(head, RecordIo.Magic);
                assembled.Write(head[..4]);
            }

            var buffer = new byte[len];
            _rec.ReadExactly(buffer);
            assembled.Write(buffer);
            pos += 8 + Math.Min(padded, _rec.Length - pos - 8);
            first = false;
            if (cflag is 0 or 3)
            {
                next = pos;
                return assembled.ToArray();
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _rec.Dispose();
}
