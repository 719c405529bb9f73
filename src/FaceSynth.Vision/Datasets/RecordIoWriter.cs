using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace FaceSynth.Vision.Datasets;

/// <summary>
/// Writes an MXNet RecordIO pair <c>train.rec</c> + <c>train.idx</c> (FORMATS.md 5.1-5.2) to temporary
/// files; <see cref="Complete"/> moves them into place (and writes insightface's <c>property</c> file).
/// Disposing without completing deletes the temporary files.
/// </summary>
public sealed class RecordIoWriter : IDisposable
{
    private readonly string _recPath;
    private readonly string _idxPath;
    private readonly string _recTmp;
    private readonly string _idxTmp;
    private readonly FileStream _rec;
    private readonly StreamWriter _idx;
    private bool _done;

    /// <summary>Starts <c>train.rec</c> and <c>train.idx</c> in <paramref name="directory"/> (created if needed).</summary>
    public RecordIoWriter(string directory, string name = "train")
    {
        Directory.CreateDirectory(directory);
        _recPath = Path.Combine(directory, name + ".rec");
        _idxPath = Path.Combine(directory, name + ".idx");
        _recTmp = AtomicWrite.TempName(_recPath);
        _idxTmp = AtomicWrite.TempName(_idxPath);
        _rec = new FileStream(_recTmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _idx = new StreamWriter(_idxTmp, false, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    /// <summary>Records written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Appends a record with key <paramref name="key"/>, splitting it where the payload contains the magic word.</summary>
    public void Write(long key, ReadOnlySpan<byte> payload)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (payload.Length > RecordIo.MaxRecordLength)
        {
            throw new ArgumentException($"a record holds at most {RecordIo.MaxRecordLength} bytes, got {payload.Length}", nameof(payload));
        }

        _idx.Write(key.ToString(CultureInfo.InvariantCulture));
        _idx.Write('\t');
        _idx.Write(_rec.Position.ToString(CultureInfo.InvariantCulture));
        _idx.Write('\n');
        WriteFramed(_rec, payload);
        Count++;
    }

    /// <summary>Appends an image record (IRHeader flag 0, scalar <paramref name="label"/>) holding <paramref name="encodedImage"/>.</summary>
    public void WriteImage(long key, float label, ReadOnlySpan<byte> encodedImage, ulong id = 0) =>
        Write(key, RecordIo.PackImage(label, encodedImage, id));

    /// <summary>The framed bytes of one record (pieces split at embedded magic words, zero padding to 4 bytes).</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        using var ms = new MemoryStream();
        WriteFramed(ms, payload);
        return ms.ToArray();
    }

    /// <summary>Moves the files into place and writes <c>property</c> (<c>num_classes,height,width</c> and the image count) when <paramref name="numClasses"/> > 0.</summary>
    public void Complete(int numClasses = 0, int height = 112, int width = 112, long? imageCount = null)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _done = true;
        _rec.Flush();
        _rec.Dispose();
        _idx.Flush();
        _idx.Dispose();
        File.Move(_recTmp, _recPath, overwrite: true);
        File.Move(_idxTmp, _idxPath, overwrite: true);
        if (numClasses > 0)
        {
            string dir = Path.GetDirectoryName(_recPath)!;
            AtomicWrite.Text(Path.Combine(dir, "property"), string.Create(CultureInfo.InvariantCulture, $"{numClasses},{height},{width}\n{imageCount ?? Count}\n"));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        _rec.Dispose();
        _idx.Dispose();
        File.Delete(_recTmp);
        File.Delete(_idxTmp);
    }

    private static void WriteFramed(Stream s, ReadOnlySpan<byte> payload)
    {
        Span<byte> head = stackalloc byte[8];
        int start = 0;
        int aligned = payload.Length & ~3;
        for (int i = 0; i < aligned; i += 4)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(payload[i..]) == RecordIo.Magic)
            {
                WriteHeader(s, head, start == 0 ? 1u : 2u, i - start);
                s.Write(payload[start..i]);
                start = i + 4; // the magic word itself is dropped; the reader puts it back
            }
        }

        WriteHeader(s, head, start == 0 ? 0u : 3u, payload.Length - start);
        s.Write(payload[start..]);
        int pad = (4 - ((payload.Length - start) & 3)) & 3;
        for (int i = 0; i < pad; i++)
        {
            s.WriteByte(0);
        }
    }

    private static void WriteHeader(Stream s, Span<byte> head, uint cflag, int length)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(head, RecordIo.Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], (cflag << 29) | (uint)length);
        s.Write(head);
    }
}
