using System.Globalization;
using FaceSynth.Formats;
using FaceSynth.Vision.Datasets;

namespace FaceSynth.Vision.Pipeline;

/// <summary>Turns an input path (folder, list file, insightface <c>.bin</c> or <c>.rec</c>) into <see cref="EmbedItem"/>s in a fixed order.</summary>
public static class EmbedInputs
{
    /// <summary>
    /// Opens <paramref name="input"/>: a folder (every image below it, ordinal path order, label = first folder
    /// level), a <c>.bin</c> benchmark (images in file order), a <c>.rec</c> pack (image keys in order, label = class)
    /// or any other file as a list (one path per line, relative to the list's folder, optional TAB + label).
    /// <paramref name="disposable"/> receives an object to dispose after the run (the open .rec), or null.
    /// </summary>
    public static IReadOnlyList<EmbedItem> Open(string input, out IDisposable? disposable)
    {
        disposable = null;
        if (Directory.Exists(input))
        {
            return Folder(input);
        }

        if (!File.Exists(input))
        {
            throw new FaceSynthDataException(input, "input not found (expected a folder, a list file, a .bin or a .rec)");
        }

        string ext = Path.GetExtension(input).ToLowerInvariant();
        if (ext == ".bin")
        {
            var bin = VerificationBin.Read(input);
            return [.. bin.Images.Select((b, i) => new EmbedItem($"bin:{i}", null, () => b))];
        }

        if (ext == ".rec")
        {
            var rec = InsightFaceRecDataset.Open(input);
            disposable = rec;
            var gate = new object();
            return [.. rec.ImageKeys.Select(k => new EmbedItem(
                string.Create(CultureInfo.InvariantCulture, $"rec:{k}"),
                null,
                () =>
                {
                    lock (gate)
                    {
                        return rec.Read(k).Image.ToArray();
                    }
                }))];
        }

        return List(input);
    }

    private static List<EmbedItem> Folder(string root)
    {
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => ImageFolderDataset.ImageExtensions.Contains(Path.GetExtension(f)))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        return [.. files.Select(rel =>
        {
            int slash = rel.IndexOf('/', StringComparison.Ordinal);
            string full = Path.Combine(root, rel);
            return new EmbedItem(rel, slash > 0 ? rel[..slash] : null, () => ReadFile(full));
        })];
    }

    private static List<EmbedItem> List(string listPath)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(listPath))!;
        var items = new List<EmbedItem>();
        int line = 0;
        foreach (string raw in File.ReadLines(listPath))
        {
            line++;
            string text = raw.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw FaceSynthDataException.AtLine(listPath, line, "binary data in a list file (expected one image path per line)");
            }

            var parts = text.Split('\t');
            string rel = parts[0];
            string full = Path.IsPathRooted(rel) ? rel : Path.Combine(dir, rel);
            items.Add(new EmbedItem(rel, parts.Length > 1 ? parts[1] : null, () => ReadFile(full)));
        }

        return items;
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FaceSynthDataException(path, $"cannot read: {e.Message}", e);
        }
    }
}
