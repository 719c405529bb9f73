using System.Formats.Tar;
using System.IO.Compression;

namespace FaceSynth.Scores;

/// <summary>
/// Opens a score file as a plain byte stream (FORMATS.md 3.5): gzip is decompressed on the fly; a tar
/// archive (<c>ustar</c> at offset 257) yields its first regular file; anything else is read as is.
/// Nothing is loaded into memory beyond a 512-byte peek.
/// </summary>
internal static class ScoreStreamOpener
{
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Stream stream = file;
        try
        {
            var head = Peek(stream, 2);
            if (head.Length == 2 && head[0] == 0x1F && head[1] == 0x8B)
            {
                // The trailer's ISIZE (uncompressed length mod 2^32) is the only cheap way to notice
                // truncation: GZipStream just stops. One gzip member is expected (not `cat a.gz b.gz`).
                if (file.Length < 18)
                {
                    throw new FaceSynthDataException(path, "gzip file is too short (truncated)");
                }

                var trailer = new byte[4];
                file.Position = file.Length - 4;
                file.ReadExactly(trailer);
                file.Position = 0;
                uint isize = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
                stream = new LengthCheckedStream(
                    new GZipStream(file, CompressionMode.Decompress),
                    n => (uint)n == isize,
                    path,
                    $"gzip data is truncated or corrupt: the decompressed size does not match the {isize} bytes recorded in its trailer");
            }
            else
            {
                stream = new PrefixedStream(head, stream);
            }

            var block = Peek(stream, 512);
            stream = new PrefixedStream(block, stream);
            if (block.Length == 512 && block.AsSpan(257, 5).SequenceEqual("ustar"u8))
            {
                return OpenFirstRegularFile(stream, path);
            }

            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static Stream OpenFirstRegularFile(Stream stream, string path)
    {
        var tar = new TarReader(stream, leaveOpen: false);
        try
        {
            TarEntry? entry;
            while ((entry = tar.GetNextEntry(copyData: false)) is not null)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)
                {
                    var data = entry.DataStream ?? Stream.Null;
                    long expected = entry.Length;
                    return new LengthCheckedStream(data, n => n == expected, path, $"tar member '{entry.Name}' is truncated: its header promises {expected} bytes", tar);
                }
            }
        }
        catch
        {
            tar.Dispose();
            throw;
        }

        tar.Dispose();
        throw new FaceSynthDataException(path, "tar archive holds no regular file (expected one score file inside)");
    }

    private static byte[] Peek(Stream stream, int count)
    {
        var buffer = new byte[count];
        int n = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return n == count ? buffer : buffer[..n];
    }
}
