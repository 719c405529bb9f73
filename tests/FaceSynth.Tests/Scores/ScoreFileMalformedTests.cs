using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using FaceSynth.Scores;

namespace FaceSynth.Tests.Scores;

/// <summary>Every malformed score file raises FaceSynthDataException naming the file (and the line where there is one).</summary>
public class ScoreFileMalformedTests
{
    private readonly string _dir = TestPaths.NewTempDir();

    private string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static FaceSynthDataException Fails(string path, string expected, Func<string, object>? read = null)
    {
        var e = Assert.Throws<FaceSynthDataException>(() => (read ?? (p => ScoreFile.ReadScoreSet(p)))(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
        return e;
    }

    [Fact]
    public void NonNumericScoreNamesTheLine()
    {
        Fails(Write("a.txt", "1 0.5\n-1 0.25\n1 abc\n"), "line 3");
        Fails(Write("b.txt", "1 0.5\nx 0.25\n"), "line 2: label 'x'");
        Fails(Write("c.txt", "a a p 0.5\na b p 1.2.3\n"), "line 2: score '1.2.3'");
        Fails(Write("d.txt", "a x a p 0.5\na x b p zz\n"), "line 2");
    }

    [Fact]
    public void WrongColumnCountNamesTheLine()
    {
        Fails(Write("a.txt", "1 0.5\n-1 0.25 7\n"), "line 2: expected 2 fields");
        Fails(Write("b.txt", "a a p 0.5\na b 0.25\n"), "line 2: expected 4 fields");
        Fails(Write("c.txt", "a x a p 0.5\na b p 0.25\n"), "line 2: expected 5 fields");
        Fails(Write("d.txt", "# header\na b c\n"), "line 2: cannot detect");
        Fails(Write("e.txt", "a b c d e f\n"), "6 fields");
        Fails(Write("f.txt", "1 0.5\n"), "expected 4 fields", p => ScoreFile.ReadScoreSet(p, ScoreFileFormat.FourColumn));
        Fails(Write("g.txt", "a  a p 0.5\n"), "line 1: expected 4 fields", p => ScoreFile.ReadScoreSet(p, ScoreFileFormat.FourColumn, new ScoreFileOptions { StrictSingleSpace = true }));
    }

    [Fact]
    public void EmptyFilesAreErrors()
    {
        Fails(Write("zero.txt", []), "empty");
        Fails(Write("blank.txt", "\n\n  \n# only a comment\n"), "no score lines");
        Fails(Write("zero2.txt", []), "no score lines", p => ScoreFile.ReadScoreSet(p, ScoreFileFormat.TwoColumn));
        Fails(Write("zero.csv", []), "empty");
        Fails(Write("header.csv", "probe_template_id,probe_subject_id,bio_ref_subject_id,score\n"), "no score rows");
        Fails(Write("empty.txt", []), "no lines", p => PyeerFiles.ReadCmc(p, p));
    }

    [Fact]
    public void BadGzipAndTruncatedArchives()
    {
        Fails(Write("bad.gz", [0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), "bad.gz");
        var tgz = File.ReadAllBytes(TestPaths.Data("bob.measure", "v3.0.0", "dev-4col.tar.gz"));
        Fails(Write("cut.tar.gz", tgz[..(tgz.Length / 2)]), "truncated", p => ScoreFile.ReadRows(p));
        Fails(Write("short.gz", [0x1F, 0x8B, 8, 0]), "too short");

        // A plain .gz cut inside its deflate data, and one cut only in its trailer.
        using var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (int i = 0; i < 2000; i++)
            {
                z.Write(Encoding.ASCII.GetBytes($"{(i % 2 == 0 ? 1 : -1)} 0.{i * 7919 % 10007}\n"));
            }
        }

        var full = gz.ToArray();
        Assert.Equal(1000, ScoreFile.ReadScoreSet(Write("ok.gz", full)).Positives.Length);
        Fails(Write("half.gz", full[..(full.Length / 2)]), "truncated");
        Fails(Write("tail.gz", full[..^2]), "truncated");
    }

    [Fact]
    public void TarWithoutRegularFile()
    {
        using var ms = new MemoryStream();
        using (var tar = new TarWriter(ms, TarEntryFormat.Gnu, leaveOpen: true))
        {
            tar.WriteEntry(new GnuTarEntry(TarEntryType.Directory, "scores/"));
        }

        Fails(Write("dir.tar", ms.ToArray()), "no regular file");
        using var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(ms.ToArray());
        }

        Fails(Write("dir.tar.gz", gz.ToArray()), "no regular file");
    }

    [Fact]
    public void PlainGzipAndTarOfGeneratedFilesAreRead()
    {
        var text = "1 0.5\n-1 0.25\n";
        using var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(Encoding.UTF8.GetBytes(text));
        }

        var set = ScoreFile.ReadScoreSet(Write("s.txt.gz", gz.ToArray()));
        Assert.Equal(new[] { 0.5 }, set.Positives);

        using var ms = new MemoryStream();
        using (var tar = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "d/"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "d/scores.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "d/other.txt") { DataStream = new MemoryStream("garbage"u8.ToArray()) });
        }

        set = ScoreFile.ReadScoreSet(Write("s.tar", ms.ToArray()));
        Assert.Equal(new[] { 0.25 }, set.Negatives);
    }

    [Fact]
    public void CsvErrors()
    {
        Fails(Write("a.csv", "probe_template_id,probe_subject_id,score\np,s,0.5\n"), "line 1: header row has no column 'bio_ref_subject_id'");
        Fails(Write("b.csv", "probe_template_id,probe_subject_id,bio_ref_subject_id,score\np,s,s\n"), "line 2: expected 4");
        Fails(Write("c.csv", "probe_template_id,probe_subject_id,bio_ref_subject_id,score\n\"p,s,s,0.5\n"), "line 2: unterminated");
        Fails(Write("d.csv", "probe_template_id,probe_subject_id,bio_ref_subject_id,score\np,s,s,high\n"), "line 2: score 'high'");
    }

    [Fact]
    public void OtherErrors()
    {
        Fails(Write("long.txt", "1 " + new string('5', 5000) + "\n"), "line 1: line is longer", p => ScoreFile.ReadScoreSet(p, options: new ScoreFileOptions { MaxLineBytes = 1000 }));
        Fails(Write("utf.txt", [(byte)'a', 0xFF, (byte)' ', (byte)'a', (byte)' ', (byte)'p', (byte)' ', (byte)'1', (byte)'\n']), "line 1: text is not valid UTF-8", p => ScoreFile.ReadRows(p));
        Fails(Write("two.txt", "1 0.5\n"), "no ids", p => ScoreFile.ReadProbes(p));
        Fails(Path.Combine(_dir, "missing.txt"), "not found");
        Fails(Write("p.txt", "0.5\nabc\n"), "line 2", p => PyeerFiles.ReadScores(p));
        Fails(Write("h.txt", "5\n-1\n"), "line 2", p => PyeerFiles.ReadHistogram(p));
        var truth = Write("tp.txt", "q1 t1\n");
        Fails(Write("cmc.txt", "q1 t1 0.5\nq2 t1 0.5\n"), "line 2: query 'q2'", p => PyeerFiles.ReadCmc(p, truth));
        Fails(Write("cmc2.txt", "q1 t1\n"), "line 1: expected 'query template score'", p => PyeerFiles.ReadCmc(p, truth));
        Fails(Write("tp2.txt", "q1\n"), "line 1", p => PyeerFiles.ReadCmc(truth, p));
    }
}
