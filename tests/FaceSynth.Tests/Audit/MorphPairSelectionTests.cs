using FaceSynth.Audit;
using FaceSynth.Audit.Morphing;
using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Audit;

/// <summary>Pair lists and same-attribute selection (AUDIT.md 4.3) on hand-built sets with known cosines.</summary>
public class MorphPairSelectionTests
{
    // Source of subject k is the unit vector at angle Degrees[k] in the plane, so c12 = cos(difference of angles).
    private static readonly double[] Degrees = [0, 10, 25, 45, 70, 100];

    /// <summary>Six subjects S0..S5, two identical rows each (source = first row, probe = second); row 12 is a lone image of S6.</summary>
    private static AuditSet Circle()
    {
        var rows = new List<float>();
        var subjects = new List<string>();
        foreach (var (deg, k) in Degrees.Select((d, k) => (d, k)))
        {
            double a = deg * Math.PI / 180;
            for (int copy = 0; copy < 2; copy++)
            {
                rows.AddRange([(float)Math.Cos(a), (float)Math.Sin(a), 0]);
                subjects.Add("S" + k);
            }
        }

        rows.AddRange([0, 0, 1]);
        subjects.Add("S6");
        return new AuditSet(new EmbeddingMatrix(rows.ToArray(), subjects.Count, 3), subjects.ToArray(), source: "circle.npy");
    }

    private static double Cos(double degrees) => Math.Cos(degrees * Math.PI / 180);

    // Per row: S0 f, S1 m, S2 f, S3 m, S4 f, S5 m (both rows of a subject), S6 f.
    private static string[] Genders(string s5 = "m") => ["f", "f", "m", "m", "f", "f", "m", "m", "f", "f", s5, s5, "f"];

    private static MorphPairList List(params string[] lines)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "pairs.csv");
        File.WriteAllLines(path, lines);
        return MorphPairList.Read(path);
    }

    private static (string, string)[] Subjects(IReadOnlyList<MorphPair> pairs) => [.. pairs.Select(p => (p.SubjectA, p.SubjectB))];

    [Fact]
    public void List_keeps_file_order_and_orientation_with_source_rows_and_c12()
    {
        var list = List("subject_a,subject_b,note", "S2,S0,x", "", "S1,S5,y");
        var pairs = MorphAudit.SelectPairs(Circle(), new MorphOptions { Selection = MorphSelection.List, PairList = list, Count = 1 });
        Assert.Equal([("S2", "S0"), ("S1", "S5")], Subjects(pairs));   // Count does not truncate a list
        Assert.Equal((4, 0), (pairs[0].RowA, pairs[0].RowB));
        Assert.Equal((2, 10), (pairs[1].RowA, pairs[1].RowB));
        Assert.Equal(Cos(25), pairs[0].C12, 6);
        Assert.Equal(Cos(90), pairs[1].C12, 6);
    }

    [Theory]
    [InlineData("S0,S9", 3, "subject 'S9' is not in circle.npy")]
    [InlineData("S6,S1", 3, "subject 'S6' has only one image")]
    [InlineData("S3,S3", 3, "cannot be morphed with itself")]
    [InlineData("S1,S0", 3, "duplicate pair 'S1', 'S0' (already on line 2")]
    public void List_errors_name_the_line_and_the_problem(string bad, int line, string expected)
    {
        var list = List("subject_a,subject_b", "S0,S1", bad);
        var e = Assert.Throws<FaceSynthDataException>(() => MorphAudit.SelectPairs(Circle(), new MorphOptions { Selection = MorphSelection.List, PairList = list }));
        Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("pairs.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_file_needs_its_header_and_matching_field_counts()
    {
        Assert.Contains("subject_a", Assert.Throws<FaceSynthDataException>(() => List("a,b", "S0,S1")).Message, StringComparison.Ordinal);
        Assert.Contains("line 3", Assert.Throws<FaceSynthDataException>(() => List("subject_a,subject_b", "S0,S1", "S2,S3,S4")).Message, StringComparison.Ordinal);
        Assert.Contains("no pairs", Assert.Throws<FaceSynthDataException>(() => List("subject_a,subject_b")).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Eligible (same gender) pairs by angle: S0S2 25, S1S3 35, S2S4 45, S3S5 55, S0S4 70, S1S5 90. Greedy with one
    /// use each takes S0S2 and S1S3, then every other pair reuses a subject: two pairs although three were asked.
    /// Without the filter the greedy rule takes S0S1 (10), S2S3 (20), S4S5 (30).
    /// </summary>
    [Fact]
    public void Same_attribute_restricts_the_greedy_most_similar_rule()
    {
        var set = Circle();
        var plain = MorphAudit.SelectPairs(set, new MorphOptions { Count = 3 });
        Assert.Equal([("S0", "S1"), ("S2", "S3"), ("S4", "S5")], Subjects(plain));

        var o = new MorphOptions { Count = 3, SameAttribute = "gender", Attributes = Genders() };
        var same = MorphAudit.SelectPairs(set, o);
        Assert.Equal([("S0", "S2"), ("S1", "S3")], Subjects(same));
        Assert.Equal(Cos(25), same[0].C12, 6);
        Assert.Equal(Cos(35), same[1].C12, 6);

        var twice = MorphAudit.SelectPairs(set, o with { Count = 10, MaxUsesPerSubject = 2 });
        Assert.Equal([("S0", "S2"), ("S1", "S3"), ("S2", "S4"), ("S3", "S5"), ("S0", "S4"), ("S1", "S5")], Subjects(twice));
    }

    [Fact]
    public void Same_attribute_filters_random_and_band_and_skips_empty_values()
    {
        var set = Circle();
        // S5 has no value: the eligible pairs are S0S2, S0S4, S2S4 (f) and S1S3 (m).
        var o = new MorphOptions { Selection = MorphSelection.Random, Count = 10, SameAttribute = "gender", Attributes = Genders(s5: "") };
        var random = MorphAudit.SelectPairs(set, o);
        Assert.Equal(["S0-S2", "S0-S4", "S1-S3", "S2-S4"], random.Select(p => string.Join('-', new[] { p.SubjectA, p.SubjectB }.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal));

        // Band c12 >= cos 50°: S0S2 (25), S1S3 (35), S2S4 (45) among the same-gender pairs.
        var band = MorphAudit.SelectPairs(set, o with { Selection = MorphSelection.Band, BandLow = Cos(50), BandHigh = 1 });
        Assert.Equal(["S0-S2", "S1-S3", "S2-S4"], band.Select(p => p.SubjectA + "-" + p.SubjectB).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Same_attribute_errors_are_clear()
    {
        var set = Circle();
        string[] unique = ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e", "g", "g", "h"];
        Assert.Contains("share a value of 'gender'", Assert.Throws<FaceSynthDataException>(() => MorphAudit.SelectPairs(set, new MorphOptions { SameAttribute = "gender", Attributes = unique })).Message, StringComparison.Ordinal);
        Assert.Contains("2 values", Assert.Throws<FaceSynthDataException>(() => MorphAudit.SelectPairs(set, new MorphOptions { SameAttribute = "gender", Attributes = ["f", "m"] })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => MorphAudit.SelectPairs(set, new MorphOptions { SameAttribute = "gender" }));
        Assert.Throws<ArgumentException>(() => MorphAudit.SelectPairs(set, new MorphOptions { Selection = MorphSelection.List }));
    }

    [Fact]
    public void Metadata_column_reads_one_value_per_row()
    {
        var dir = TestPaths.NewTempDir();
        var csv = Path.Combine(dir, "d.csv");
        File.WriteAllLines(csv, ["subject,Gender,path", "a, f ,x.png", "a,m,y.png", "", "b,,z.png"]);
        Assert.Equal(["f", "m", ""], MetadataColumn.Read(csv, "gender", 3));
        Assert.Contains("no 'age' column", Assert.Throws<FaceSynthDataException>(() => MetadataColumn.Read(csv, "age", 3)).Message, StringComparison.Ordinal);
        Assert.Contains("3 data rows for 4", Assert.Throws<FaceSynthDataException>(() => MetadataColumn.Read(csv, "gender", 4)).Message, StringComparison.Ordinal);
        File.WriteAllLines(csv, ["subject,gender", "a,f", "a,m,extra"]);
        Assert.Contains("line 3", Assert.Throws<FaceSynthDataException>(() => MetadataColumn.Read(csv, "gender", 2)).Message, StringComparison.Ordinal);
    }
}
