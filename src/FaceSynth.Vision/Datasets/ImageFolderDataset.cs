using System.Globalization;

namespace FaceSynth.Vision.Datasets;

/// <summary>
/// The ImageFolder layout (one folder per identity, SYNTHESIS.md 6.5): names, a writer helper and a reader
/// that numbers classes by the lexical order of folder names, as torchvision does.
/// </summary>
public static class ImageFolderDataset
{
    /// <summary>File extensions read as images.</summary>
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif",
    };

    /// <summary>The folder name of dense label <paramref name="label"/> among <paramref name="identityCount"/> (7 digits, more when needed).</summary>
    public static string IdentityFolder(int label, int identityCount) =>
        label.ToString(CultureInfo.InvariantCulture).PadLeft(Math.Max(7, Digits(identityCount - 1)), '0');

    /// <summary>The file stem of variation <paramref name="variation"/> among <paramref name="perIdentity"/> (3 digits, more when needed).</summary>
    public static string VariationFile(int variation, int perIdentity) =>
        variation.ToString(CultureInfo.InvariantCulture).PadLeft(Math.Max(3, Digits(perIdentity - 1)), '0');

    /// <summary>Every image of <paramref name="root"/>: (path, class label, class folder name), classes in ordinal folder order, files in ordinal name order.</summary>
    public static List<(string Path, int Label, string ClassName)> Enumerate(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new FaceSynthDataException(root, "folder not found");
        }

        var result = new List<(string, int, string)>();
        var classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        for (int label = 0; label < classes.Length; label++)
        {
            foreach (string file in Directory.GetFiles(Path.Combine(root, classes[label])).Order(StringComparer.Ordinal))
            {
                if (ImageExtensions.Contains(Path.GetExtension(file)))
                {
                    result.Add((file, label, classes[label]));
                }
            }
        }

        return result;
    }

    private static int Digits(int n) => n <= 0 ? 1 : (int)Math.Floor(Math.Log10(n)) + 1;
}
