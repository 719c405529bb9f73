using FaceSynth.Scores;
using FaceSynth.Tests.Embeddings;

namespace FaceSynth.Tests.Scores;

/// <summary>Random byte mutations of valid score files: only FaceSynthDataException may escape.</summary>
public class ScoreFuzzTests
{
    private static byte[] Head(string path, int lines) =>
        System.Text.Encoding.UTF8.GetBytes(string.Join("\n", File.ReadLines(path).Take(lines)) + "\n");

    [Fact]
    public void MutatedTwoColumnFiles() =>
        NpyFuzzTests.Fuzz("f.txt", 21, 400, (p, _) => ScoreFile.ReadScoreSet(p), Head(TestPaths.Data("bob.measure", "v6.1.0", "dev-1.txt"), 20));

    [Fact]
    public void MutatedFourColumnFiles() =>
        NpyFuzzTests.Fuzz("f.txt", 22, 400, (p, i) => _ = i % 2 == 0 ? (object)ScoreFile.ReadProbes(p) : ScoreFile.ReadScoreSet(p), Head(TestPaths.Data("bob.measure", "v3.0.0", "scores-cmc-5col.txt"), 20));

    [Fact]
    public void MutatedTarGzFiles() =>
        NpyFuzzTests.Fuzz("f.tar.gz", 23, 300, (p, _) => ScoreFile.ReadRows(p), File.ReadAllBytes(TestPaths.Data("bob.measure", "v3.0.0", "dev-4col.tar.gz")));

    [Fact]
    public void MutatedCsvFiles() =>
        NpyFuzzTests.Fuzz("f.csv", 24, 300, (p, _) => ScoreFile.ReadProbes(p), "probe_template_id,probe_subject_id,bio_ref_subject_id,score\np1,s1,s1,0.9\n\"p,2\",s2,s1,nan\n"u8.ToArray());
}
