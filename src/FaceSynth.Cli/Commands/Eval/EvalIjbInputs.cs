using System.Numerics.Tensors;
using FaceSynth.Embeddings;
using FaceSynth.Protocols.Ijb;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary>
/// The insightface IJB meta folder (FORMATS.md 6) for one target (<c>ijbb</c> or <c>ijbc</c>): file locations,
/// and loading of the per-image metadata and image features with errors that name the file.
/// </summary>
internal sealed class EvalIjbInputs
{
    public EvalIjbInputs(string metaDir, string target)
    {
        if (!Directory.Exists(metaDir))
        {
            throw new DirectoryNotFoundException($"{metaDir}: meta folder not found");
        }

        MetaDir = metaDir;
        Target = target;
        FaceTidMid = Path.Combine(metaDir, $"{target}_face_tid_mid.txt");
        Landmarks = Path.Combine(metaDir, $"{target}_name_5pts_score.txt");
        PairList = Path.Combine(metaDir, $"{target}_template_pair_label.txt");
        var (g1, g2) = target == "ijbb" ? ("S1", "S2") : ("G1", "G2");
        Galleries = [Path.Combine(metaDir, $"{target}_1N_gallery_{g1}.csv"), Path.Combine(metaDir, $"{target}_1N_gallery_{g2}.csv")];
        Probes = Path.Combine(metaDir, $"{target}_1N_probe_mixed.csv");
    }

    public string MetaDir { get; }

    public string Target { get; }

    /// <summary><c>&lt;t&gt;_face_tid_mid.txt</c>.</summary>
    public string FaceTidMid { get; }

    /// <summary><c>&lt;t&gt;_name_5pts_score.txt</c>.</summary>
    public string Landmarks { get; }

    /// <summary><c>&lt;t&gt;_template_pair_label.txt</c>.</summary>
    public string PairList { get; }

    /// <summary>The two 1:N gallery lists (IJB-C G1, G2; IJB-B S1, S2).</summary>
    public IReadOnlyList<string> Galleries { get; }

    /// <summary><c>&lt;t&gt;_1N_probe_mixed.csv</c>.</summary>
    public string Probes { get; }

    /// <summary>
    /// Reads the per-image metadata. The landmark/score file is required for faceness weighting and read
    /// whenever present (its names are checked against <see cref="FaceTidMid"/> line by line).
    /// </summary>
    public IjbImageMeta ReadImages(bool needFaceness)
    {
        Require(FaceTidMid);
        if (needFaceness || File.Exists(Landmarks))
        {
            Require(Landmarks);
            return IjbMetaReader.ReadImages(FaceTidMid, Landmarks);
        }

        return IjbMetaReader.ReadFaceTidMid(FaceTidMid);
    }

    /// <summary>Reads the template pair list and checks that both classes occur.</summary>
    public IjbTemplatePairs ReadPairs()
    {
        Require(PairList);
        var pairs = IjbMetaReader.ReadPairs(PairList);
        int genuine = pairs.Genuine.Count(g => g);
        if (genuine == 0 || genuine == pairs.Genuine.Length)
        {
            throw new FaceSynthDataException(PairList, genuine == 0 ? "has no genuine pair (label 1): TAR is undefined" : "has no impostor pair (label 0): FAR is undefined");
        }

        return pairs;
    }

    /// <summary>
    /// Reads one feature row per image. With <paramref name="flipHalves"/> each row is insightface's
    /// <c>[original | flipped]</c> concatenation and the two halves are added.
    /// </summary>
    public static EmbeddingMatrix ReadFeatures(string path, int images, string imageList, bool flipHalves)
    {
        var m = Npy.ReadMatrix(path);
        m.EnsureFinite(path);
        if (m.Rows != images)
        {
            throw new FaceSynthDataException(path, $"has {m.Rows} feature rows, but {imageList} lists {images} images (one row per line, in file order)");
        }

        if (!flipHalves)
        {
            return m;
        }

        if (m.Dim % 2 != 0)
        {
            throw new FaceSynthDataException(path, $"--flip-halves needs an even row length, found {m.Dim}");
        }

        int half = m.Dim / 2;
        var sum = new EmbeddingMatrix(m.Rows, half);
        for (int i = 0; i < m.Rows; i++)
        {
            var row = m.Row(i);
            TensorPrimitives.Add(row[..half], row[half..], sum.Row(i));
        }

        return sum;
    }

    /// <summary>The 1:N lists; every one must exist.</summary>
    public (IReadOnlyList<IjbSubjectList> Galleries, IjbSubjectList Probes) ReadOneToN()
    {
        foreach (var f in Galleries.Append(Probes))
        {
            Require(f);
        }

        var galleries = Galleries.Select(IjbMetaReader.ReadSubjectList).ToArray();
        var probes = IjbMetaReader.ReadSubjectList(Probes);
        for (int i = 0; i < galleries.Length; i++)
        {
            // insightface's TPIR needs mated and non-mated probes in every gallery; check here so that the
            // message names the list instead of failing inside the search.
            var subjects = galleries[i].SubjectIds.ToHashSet();
            int mated = probes.SubjectIds.Count(subjects.Contains);
            if (mated == 0 || mated == probes.SubjectIds.Length)
            {
                throw new FaceSynthDataException(Galleries[i], mated == 0
                    ? $"shares no subject with the probes of {Probes}"
                    : $"holds the subject of every probe of {Probes}: no non-mated probe to set an FPIR");
            }
        }

        return (galleries, probes);
    }

    private void Require(string path)
    {
        if (!File.Exists(path))
        {
            throw new FaceSynthDataException(path, $"file not found (expected in the --meta folder for --target {Target})");
        }
    }
}
