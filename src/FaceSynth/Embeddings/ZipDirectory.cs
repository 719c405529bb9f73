using System.Buffers.Binary;

namespace FaceSynth.Embeddings;

/// <summary>
/// Reads the compression method of every member from a zip file's central directory, in directory
/// order (the order of <see cref="System.IO.Compression.ZipArchive.Entries"/>). ZipArchive does not
/// expose the method, and FaceSynth must refuse anything but stored (0) and deflate (8).
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint EntrySignature = 0x02014b50;

    public static List<ushort> ReadMethods(Stream stream, string source)
    {
        long length = stream.Length;
        int tailLength = (int)Math.Min(length, 22 + 65535 + 20);
        var tail = new byte[tailLength];
        stream.Position = length - tailLength;
        stream.ReadExactly(tail);
        int eocd = -1;
        for (int i = tailLength - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndSignature)
            {
                eocd = i;
                break;
            }
        }

        if (eocd < 0)
        {
            throw new FaceSynthDataException(source, "not a zip (.npz) archive: end of central directory not found");
        }

        long entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(eocd + 10));
        long cdSize = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd + 12));
        long cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd + 16));
        if ((entries == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF) && eocd >= 20
            && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd - 20)) == Zip64LocatorSignature)
        {
            long z64 = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(eocd - 20 + 8));
            if (z64 < 0 || z64 > length - 56)
            {
                throw new FaceSynthDataException(source, "corrupt zip64 end of central directory locator");
            }

            var rec = new byte[56];
            stream.Position = z64;
            stream.ReadExactly(rec);
            if (BinaryPrimitives.ReadUInt32LittleEndian(rec) != Zip64EndSignature)
            {
                throw FaceSynthDataException.AtOffset(source, z64, "corrupt zip64 end of central directory record");
            }

            entries = BinaryPrimitives.ReadInt64LittleEndian(rec.AsSpan(32));
            cdSize = BinaryPrimitives.ReadInt64LittleEndian(rec.AsSpan(40));
            cdOffset = BinaryPrimitives.ReadInt64LittleEndian(rec.AsSpan(48));
        }

        if (cdOffset < 0 || cdSize < 0 || cdSize > length || cdOffset > length - cdSize || entries < 0 || entries > cdSize / 46)
        {
            throw new FaceSynthDataException(source, "corrupt zip central directory (offset, size or entry count out of range)");
        }

        var cd = new byte[cdSize];
        stream.Position = cdOffset;
        stream.ReadExactly(cd);
        var methods = new List<ushort>((int)entries);
        int pos = 0;
        for (long k = 0; k < entries; k++)
        {
            if (pos + 46 > cd.Length || BinaryPrimitives.ReadUInt32LittleEndian(cd.AsSpan(pos)) != EntrySignature)
            {
                throw FaceSynthDataException.AtOffset(source, cdOffset + pos, "corrupt zip central directory entry");
            }

            methods.Add(BinaryPrimitives.ReadUInt16LittleEndian(cd.AsSpan(pos + 10)));
            int n = BinaryPrimitives.ReadUInt16LittleEndian(cd.AsSpan(pos + 28));
            int e = BinaryPrimitives.ReadUInt16LittleEndian(cd.AsSpan(pos + 30));
            int c = BinaryPrimitives.ReadUInt16LittleEndian(cd.AsSpan(pos + 32));
            pos += 46 + n + e + c;
        }

        stream.Position = 0;
        return methods;
    }
}
