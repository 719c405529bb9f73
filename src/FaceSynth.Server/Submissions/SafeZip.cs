using System.IO.Compression;

namespace FaceSynth.Server.Submissions;

/// <summary>
/// Unpacks a zip upload without trusting it: bounded entry count, bounded unpacked size (counted while
/// decompressing, not taken from the headers), no nested archives, no compression ratio beyond reason.
/// </summary>
public static class SafeZip
{
    /// <summary>Largest accepted ratio of unpacked to packed size for entries over 1 MiB (score text compresses ~3-10x).</summary>
    public const double MaxRatio = 200;

    /// <summary>Whether <paramref name="content"/> starts like a zip archive.</summary>
    public static bool LooksLikeZip(ReadOnlySpan<byte> content) =>
        content.Length >= 4 && content[0] == (byte)'P' && content[1] == (byte)'K' && content[2] is 3 or 5 && content[3] is 4 or 6;

    /// <summary>Unpacks the files of <paramref name="zipBytes"/> (folders are ignored, names keep only the file part).</summary>
    /// <exception cref="SubmissionRejectedException">Not a zip, too many entries, too large once unpacked, nested archive.</exception>
    public static List<UploadedFile> Unpack(byte[] zipBytes, string zipName, long maxUnpackedBytes, int maxFiles)
    {
        ArgumentNullException.ThrowIfNull(zipBytes);
        var files = new List<UploadedFile>();
        try
        {
            using var zip = new ZipArchive(new MemoryStream(zipBytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > maxFiles * 4)
            {
                throw new SubmissionRejectedException($"{zipName}: the archive holds {zip.Entries.Count} entries; at most {maxFiles} files are accepted");
            }

            long budget = maxUnpackedBytes;
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/') || entry.Length == 0 && entry.Name.Length == 0)
                {
                    continue;
                }

                string name = entry.Name;
                if (name.StartsWith('.') || entry.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal))
                {
                    continue; // hidden files and macOS resource forks are not submissions
                }

                if (files.Count == maxFiles)
                {
                    throw new SubmissionRejectedException($"{zipName}: more than {maxFiles} files in the archive");
                }

                if (entry.Length > budget)
                {
                    throw new SubmissionRejectedException($"{zipName}: '{entry.FullName}' unpacks to {entry.Length} bytes; the unpacked submission may hold at most {maxUnpackedBytes} bytes (this looks like an archive bomb)");
                }

                if (entry.Length > (1 << 20) && entry.CompressedLength > 0 && (double)entry.Length / entry.CompressedLength > MaxRatio)
                {
                    throw new SubmissionRejectedException($"{zipName}: '{entry.FullName}' is compressed {entry.Length / Math.Max(1, entry.CompressedLength)}:1, more than score files ever are (this looks like an archive bomb)");
                }

                var content = ReadCapped(entry, budget, zipName, maxUnpackedBytes);
                budget -= content.Length;
                if (LooksLikeZip(content))
                {
                    throw new SubmissionRejectedException($"{zipName}: '{entry.FullName}' is itself an archive; put the score files directly in one zip");
                }

                files.Add(new UploadedFile(name, content));
            }
        }
        catch (InvalidDataException e)
        {
            throw new SubmissionRejectedException($"{zipName}: not a readable zip archive ({e.Message})");
        }

        return files;
    }

    private static byte[] ReadCapped(ZipArchiveEntry entry, long budget, string zipName, long max)
    {
        using var s = entry.Open();
        using var ms = new MemoryStream((int)Math.Min(entry.Length, 1 << 20));
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = s.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total > budget)
            {
                // The header understated the size: the decompressed stream is the only truth.
                throw new SubmissionRejectedException($"{zipName}: '{entry.FullName}' unpacks to more than the {max} bytes a submission may hold (this looks like an archive bomb)");
            }

            ms.Write(buffer, 0, read);
        }

        return ms.ToArray();
    }
}
