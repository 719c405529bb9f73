using FaceSynth.Embeddings;
using FaceSynth.Protocols;
using FaceSynth.Protocols.Ijb;

namespace FaceSynth.Tests.Protocols;

/// <summary>IJB metadata readers, template pooling, 1:1 scoring and 1:N (FORMATS.md 6, EVALUATION.md 4.3-4.4).</summary>
public class IjbTests
{
    private static (EmbeddingMatrix Features, IjbImageMeta Meta) HandImages(string dir)
    {
        // Template 1: media 10 = one image (1, 0); media 20 = two images (0, 2) and (0, 4) with faceness 0.5.
        // Template 2: (3, 4). Template 0: a zero feature (stays zero).
        File.WriteAllLines(Path.Combine(dir, "t_face_tid_mid.txt"), ["1.jpg 1 10", "2.jpg 1 20", "3.jpg 2 30", "4.jpg 1 20", "5.jpg 0 5"]);
        File.WriteAllLines(Path.Combine(dir, "t_name_5pts_score.txt"),
        [
            "1.jpg 1 2 3 4 5 6 7 8 9 10 1.0",
            "2.jpg 1 2 3 4 5 6 7 8 9 10 0.5",
            "3.jpg 1 2 3 4 5 6 7 8 9 10 1.0",
            "4.jpg 1 2 3 4 5 6 7 8 9 10 0.5",
            "5.jpg 1 2 3 4 5 6 7 8 9 10 0.9",
        ]);
        var meta = IjbMetaReader.ReadImages(Path.Combine(dir, "t_face_tid_mid.txt"), Path.Combine(dir, "t_name_5pts_score.txt"));
        var features = new EmbeddingMatrix([1, 0, 0, 2, 3, 4, 0, 4, 0, 0], 5, 2);
        return (features, meta);
    }

    [Fact]
    public void MetaReadersParseAlignedFiles()
    {
        var (_, meta) = HandImages(TestPaths.NewTempDir());
        Assert.Equal(5, meta.Count);
        Assert.Equal([1, 1, 2, 1, 0], meta.TemplateIds);
        Assert.Equal([10, 20, 30, 20, 5], meta.MediaIds);
        Assert.Equal(0.5f, meta.Faceness![1]);
        Assert.Equal(10f, meta.Landmarks![19]);
    }

    [Fact]
    public void TemplatePoolingAveragesMediaThenSumsAndNormalises()
    {
        var (f, meta) = HandImages(TestPaths.NewTempDir());
        var t = IjbTemplates.Build(f, meta);
        Assert.Equal([0, 1, 2], t.TemplateIds);

        // Faceness-weighted: media 20 -> mean((0, 1), (0, 2)) = (0, 1.5); template 1 = (1, 1.5) / sqrt(3.25).
        Assert.Equal(1 / Math.Sqrt(3.25), t.Features[1, 0], 6);
        Assert.Equal(1.5 / Math.Sqrt(3.25), t.Features[1, 1], 6);
        Assert.Equal(0.6f, t.Features[2, 0], 6);
        Assert.Equal(0f, t.Features[0, 0]);

        // Without faceness: media 20 -> (0, 3); template 1 = (1, 3) / sqrt(10).
        var noDet = IjbTemplates.Build(f, meta, new IjbTemplateOptions { UseDetectorScore = false });
        Assert.Equal(3 / Math.Sqrt(10), noDet.Features[1, 1], 6);

        // Images normalised first, then weighted: media 20 -> (0, 0.5); template 1 = (1, 0.5) / sqrt(1.25).
        var unit = IjbTemplates.Build(f, meta, new IjbTemplateOptions { UseNormScore = false });
        Assert.Equal(0.5 / Math.Sqrt(1.25), unit.Features[1, 1], 6);
    }

    [Fact]
    public void PairsAreScoredByDotProductInFileOrder()
    {
        var dir = TestPaths.NewTempDir();
        var (f, meta) = HandImages(dir);
        var t = IjbTemplates.Build(f, meta);
        File.WriteAllLines(Path.Combine(dir, "pairs.txt"), ["1 2 1", "0 2 0", "2 2 1"]);
        var pairs = IjbMetaReader.ReadPairs(Path.Combine(dir, "pairs.txt"));
        var scores = IjbTemplates.ScorePairs(t, pairs);
        Assert.Equal(1.8 / Math.Sqrt(3.25), scores[0], 6);
        Assert.Equal(0.0, scores[1]);
        Assert.Equal(1.0, scores[2], 6);
        Assert.Equal([true, false, true], pairs.Genuine);

        var bad = new IjbTemplatePairs([1], [7], [true]);
        var ex = Assert.Throws<FaceSynthDataException>(() => IjbTemplates.ScorePairs(t, bad, "p.txt"));
        Assert.Contains("template 7", ex.Message);
    }

    [Fact]
    public void VerificationReportUsesTheSklearnRoc()
    {
        var pairs = new IjbTemplatePairs(new int[6], new int[6], [false, true, true, true, false, true]);
        var r = IjbTemplates.Evaluate([0.5, 0.9, 0.7, 0.8, 0.6, 0.4], pairs);
        Assert.Equal(0.75, r.Auc, 15);
        Assert.Equal(6, r.Table.Count);
        Assert.All(r.Table, x => Assert.Equal(0.75, x.Tar)); // every target is nearest to an FPR-0 point
    }

    [Theory]
    [InlineData("face", "1.jpg 1", "expected 3 fields")]
    [InlineData("face", "1.jpg one 2", "template id 'one'")]
    [InlineData("pairs", "1 2 5", "label 5")]
    [InlineData("landmarks", "9.jpg 1 2 3 4 5 6 7 8 9 10 1", "does not match")]
    [InlineData("landmarks", "1.jpg 1 2 3 4 5 6 7 8 9 10 x", "faceness")]
    public void MalformedMetaFilesNameFileAndLine(string kind, string line, string message)
    {
        var dir = TestPaths.NewTempDir();
        var face = Path.Combine(dir, "face.txt");
        var lm = Path.Combine(dir, "lm.txt");
        var pairs = Path.Combine(dir, "pairs.txt");
        File.WriteAllLines(face, kind == "face" ? ["0.jpg 1 1", line] : ["0.jpg 1 1", "1.jpg 1 1"]);
        File.WriteAllLines(lm, kind == "landmarks" ? ["0.jpg 1 2 3 4 5 6 7 8 9 10 1", line] : ["0.jpg 1 2 3 4 5 6 7 8 9 10 1"]);
        File.WriteAllLines(pairs, ["1 1 1", line]);
        var ex = Assert.Throws<FaceSynthDataException>(() =>
        {
            _ = kind switch
            {
                "face" => (object)IjbMetaReader.ReadFaceTidMid(face),
                "pairs" => IjbMetaReader.ReadPairs(pairs),
                _ => IjbMetaReader.ReadImages(face, lm),
            };
        });
        Assert.Contains("line 2", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void SubjectListUsesTheFirstRowOfEachTemplate()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "g.csv");
        File.WriteAllLines(path, ["TEMPLATE_ID,SUBJECT_ID,FILENAME", "5,100,a.jpg", "5,999,b.jpg", "3,200,c.jpg"]);
        var list = IjbMetaReader.ReadSubjectList(path);
        Assert.Equal([5, 3], list.TemplateIds);
        Assert.Equal([100, 200], list.SubjectIds);
        Assert.Throws<FaceSynthDataException>(() => IjbMetaReader.ReadSubjectList(path + ".missing"));
    }

    [Fact]
    public void IdentificationAveragesGalleriesAndCountsTopKOverAllProbes()
    {
        // Templates 1..4 = subjects 11..14 on the axes (gallery G1 = {1, 2}, G2 = {3, 4});
        // probes 5..8: subject 11 near axis 0, 12 near axis 1 but closer to axis 0, 13 near axis 2, 14 near axis 3.
        float[] data =
        [
            1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1,
            0.9f, 0.1f, 0, 0, 0.6f, 0.4f, 0, 0, 0, 0, 0.8f, 0.2f, 0.1f, 0, 0, 0.9f,
        ];
        var features = new EmbeddingMatrix(data, 8, 4);
        var meta = new IjbImageMetaBuilder([1, 2, 3, 4, 5, 6, 7, 8]).Build();
        var t = IjbTemplates.Build(features, meta, new IjbTemplateOptions { UseDetectorScore = false });
        var g1 = new IjbSubjectList([1, 2], [11, 12]);
        var g2 = new IjbSubjectList([3, 4], [13, 14]);
        var probes = new IjbSubjectList([5, 6, 7, 8], [11, 12, 13, 14]);
        var r = IjbIdentification.Evaluate(t, [g1, g2], probes, [0.5, 1.0]);

        // G1: probe 11 correct, 12 wrong (closer to 11); G2: 13 and 14 correct -> top-1 = 3 / 4.
        Assert.Equal(0.75, r.Top1);
        Assert.Equal(1.0, r.Top5);

        // G1: non-mated maxima (probes 13, 14 against G1) and mated probe 11 above them: TPIR 1/2 at both FPIRs.
        // G2: non-mated maxima of probes 11, 12 are 0 (orthogonal), mated 13, 14 above: TPIR 1.
        Assert.Equal(0.75, r.Tpir[0], 15);
        Assert.Equal(0.75, r.Tpir[1], 15);
        Assert.Equal(2, r.PerGallery.Count);
    }

    [Fact]
    public void FpirGridIsLogSpacedFrom1eMinus4To1()
    {
        var g = IjbIdentification.FpirGrid();
        Assert.Equal(101, g.Count);
        Assert.Equal(1e-4, g[0], 1e-18);
        Assert.Equal(1.0, g[100]);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(Math.Pow(10, -4 + (0.04 * i)), g[i], Math.Pow(10, -4 + (0.04 * i)) * 1e-12);
        }
    }

    /// <summary>One image per template and media, in the given template order.</summary>
    private sealed class IjbImageMetaBuilder(int[] templates)
    {
        public IjbImageMeta Build()
        {
            var dir = TestPaths.NewTempDir();
            var path = Path.Combine(dir, "face.txt");
            File.WriteAllLines(path, templates.Select((t, i) => $"{i}.jpg {t} {100 + i}"));
            return IjbMetaReader.ReadFaceTidMid(path);
        }
    }
}
