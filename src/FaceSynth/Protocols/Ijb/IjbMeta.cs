using System.Globalization;

namespace FaceSynth.Protocols.Ijb;

/// <summary>
/// Per-image metadata of IJB-B / IJB-C (FORMATS.md 6): image name, template id, media id and, when the
/// landmark file was read, the five landmarks and the detector's faceness score. Row k of every array
/// describes the same image.
/// </summary>
public sealed class IjbImageMeta
{
    internal IjbImageMeta(string[] names, int[] templateIds, int[] mediaIds, float[]? landmarks, float[]? faceness)
    {
        Names = names;
        TemplateIds = templateIds;
        MediaIds = mediaIds;
        Landmarks = landmarks;
        Faceness = faceness;
    }

    /// <summary>Image file names.</summary>
    public string[] Names { get; }

    /// <summary>Template id of each image.</summary>
    public int[] TemplateIds { get; }

    /// <summary>Media id of each image.</summary>
    public int[] MediaIds { get; }

    /// <summary>Five (x, y) points per image, row-major Count x 10; null when not read.</summary>
    public float[]? Landmarks { get; }

    /// <summary>Detector faceness score of each image (last column of the landmark file); null when not read.</summary>
    public float[]? Faceness { get; }

    /// <summary>Number of images.</summary>
    public int Count => Names.Length;
}

/// <summary>Template pairs of the 1:1 protocol, in file order.</summary>
/// <param name="First">First template id of each pair.</param>
/// <param name="Second">Second template id of each pair.</param>
/// <param name="Genuine">True for label 1 (same subject).</param>
public sealed record IjbTemplatePairs(int[] First, int[] Second, bool[] Genuine);

/// <summary>A 1:N gallery or probe list: one entry per template (first row's subject id), in file order.</summary>
/// <param name="TemplateIds">Template ids.</param>
/// <param name="SubjectIds">Subject id of each template.</param>
public sealed record IjbSubjectList(int[] TemplateIds, int[] SubjectIds);

/// <summary>Readers for the insightface <c>IJB_release/&lt;IJBB|IJBC&gt;/meta/</c> files with errors that name file and line.</summary>
public static class IjbMetaReader
{
    /// <summary>Reads <c>&lt;t&gt;_face_tid_mid.txt</c> (<c>image_name template_id media_id</c>).</summary>
    public static IjbImageMeta ReadFaceTidMid(string path)
    {
        var names = new List<string>();
        var tids = new List<int>();
        var mids = new List<int>();
        foreach (var (lineNo, f) in Lines(path))
        {
            Expect(path, lineNo, f, 3, "image_name template_id media_id");
            names.Add(f[0]);
            tids.Add(Int(path, lineNo, f[1], "template id"));
            mids.Add(Int(path, lineNo, f[2], "media id"));
        }

        return new IjbImageMeta([.. names], [.. tids], [.. mids], null, null);
    }

    /// <summary>
    /// Reads <c>&lt;t&gt;_face_tid_mid.txt</c> and <c>&lt;t&gt;_name_5pts_score.txt</c> together; the files are
    /// aligned by line and the image names must agree.
    /// </summary>
    public static IjbImageMeta ReadImages(string faceTidMidPath, string landmarksPath)
    {
        var meta = ReadFaceTidMid(faceTidMidPath);
        var landmarks = new float[checked(meta.Count * 10)];
        var faceness = new float[meta.Count];
        int row = 0;
        foreach (var (lineNo, f) in Lines(landmarksPath))
        {
            Expect(landmarksPath, lineNo, f, 12, "image_name x1 y1 x2 y2 x3 y3 x4 y4 x5 y5 faceness");
            if (row >= meta.Count)
            {
                throw FaceSynthDataException.AtLine(landmarksPath, lineNo, $"more images than the {meta.Count} of {faceTidMidPath}");
            }

            if (!string.Equals(f[0], meta.Names[row], StringComparison.Ordinal))
            {
                throw FaceSynthDataException.AtLine(landmarksPath, lineNo, $"image '{f[0]}' does not match '{meta.Names[row]}' on the same line of {faceTidMidPath}");
            }

            for (int c = 0; c < 10; c++)
            {
                landmarks[(row * 10) + c] = Float(landmarksPath, lineNo, f[1 + c], "landmark coordinate");
            }

            faceness[row] = Float(landmarksPath, lineNo, f[11], "faceness score");
            row++;
        }

        if (row != meta.Count)
        {
            throw new FaceSynthDataException(landmarksPath, $"has {row} images, {faceTidMidPath} has {meta.Count}");
        }

        return new IjbImageMeta(meta.Names, meta.TemplateIds, meta.MediaIds, landmarks, faceness);
    }

    /// <summary>Reads <c>&lt;t&gt;_template_pair_label.txt</c> (<c>template_id_1 template_id_2 label</c>, 1 genuine, 0 impostor).</summary>
    public static IjbTemplatePairs ReadPairs(string path)
    {
        var a = new List<int>();
        var b = new List<int>();
        var g = new List<bool>();
        foreach (var (lineNo, f) in Lines(path))
        {
            Expect(path, lineNo, f, 3, "template_id_1 template_id_2 label");
            a.Add(Int(path, lineNo, f[0], "template id"));
            b.Add(Int(path, lineNo, f[1], "template id"));
            int label = Int(path, lineNo, f[2], "label");
            if (label is not (0 or 1))
            {
                throw FaceSynthDataException.AtLine(path, lineNo, $"label {label}: expected 1 (genuine) or 0 (impostor)");
            }

            g.Add(label == 1);
        }

        return new IjbTemplatePairs([.. a], [.. b], [.. g]);
    }

    /// <summary>
    /// Reads a 1:N list (<c>ijbc_1N_gallery_G1.csv</c>, <c>..._probe_mixed.csv</c>): one header row, column 0 =
    /// template id, column 1 = subject id; several rows per template, the first row's subject is used.
    /// </summary>
    public static IjbSubjectList ReadSubjectList(string path)
    {
        if (!File.Exists(path))
        {
            throw new FaceSynthDataException(path, "file not found");
        }

        var order = new List<int>();
        var subjects = new Dictionary<int, int>();
        bool header = true;
        long lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            var f = line.Split(',');
            if (f.Length < 2)
            {
                throw FaceSynthDataException.AtLine(path, lineNo, "expected comma-separated 'template_id,subject_id,...'");
            }

            int tid = Int(path, lineNo, f[0].Trim(), "template id");
            int sid = Int(path, lineNo, f[1].Trim(), "subject id");
            if (subjects.TryAdd(tid, sid))
            {
                order.Add(tid);
            }
        }

        if (header)
        {
            throw new FaceSynthDataException(path, "is empty (expected a header row and one row per image)");
        }

        var sids = new int[order.Count];
        for (int i = 0; i < sids.Length; i++)
        {
            sids[i] = subjects[order[i]];
        }

        return new IjbSubjectList([.. order], sids);
    }

    private static IEnumerable<(long Line, string[] Fields)> Lines(string path)
    {
        if (!File.Exists(path))
        {
            throw new FaceSynthDataException(path, "file not found");
        }

        long lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length > 0)
            {
                yield return (lineNo, f);
            }
        }
    }

    private static void Expect(string path, long lineNo, string[] f, int count, string layout)
    {
        if (f.Length != count)
        {
            throw FaceSynthDataException.AtLine(path, lineNo, $"expected {count} fields '{layout}', found {f.Length}");
        }
    }

    private static int Int(string path, long lineNo, string s, string what) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw FaceSynthDataException.AtLine(path, lineNo, $"{what} '{s}' is not an integer");

    private static float Float(string path, long lineNo, string s, string what) =>
        float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v)
            ? v
            : throw FaceSynthDataException.AtLine(path, lineNo, $"{what} '{s}' is not a finite number");
}
