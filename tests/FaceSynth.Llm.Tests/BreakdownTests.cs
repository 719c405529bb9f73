namespace FaceSynth.Llm.Tests;

public class BreakdownTests
{
    private static LlmRecord Yes(bool yes) => Rec(new ParsedAnswer { Outcome = LlmOutcome.Ok, SamePerson = yes, Confidence = 80 });

    private static LlmRecord Rec(ParsedAnswer p) => new() { Outcome = p.Outcome, Parsed = p };

    private static VerificationPair Pair(int i, bool genuine, params (string Column, string Value)[] attributes) =>
        new($"p{i}", "a.png", "b.png", genuine, attributes.ToDictionary(a => a.Column, a => a.Value, StringComparer.Ordinal));

    [Fact]
    public void Verification_per_shared_value_with_mixed_and_unknown_buckets_hand_counted()
    {
        VerificationPair P(int i, bool g, string ra, string rb, string session) => Pair(i, g, ("race_a", ra), ("race_b", rb), ("session", session));
        VerificationPair[] pairs =
        [
            P(0, true, "asian", "asian", "s1"),   // yes: TP
            P(1, true, "asian", "asian", "s1"),   // no: FN
            P(2, false, "asian", "asian", "s2"),  // no: TN
            P(3, false, "asian", "asian", "s2"),  // refused
            P(4, true, "black", "black", "s1"),   // yes: TP
            P(5, false, "black", "black", "s2"),  // yes: FP
            P(6, false, "asian", "black", "s1"),  // yes: FP
            P(7, false, "asian", " ", "s2"),      // no: TN
        ];
        LlmRecord[] records = [Yes(true), Yes(false), Yes(false), Rec(ParsedAnswer.Of(LlmOutcome.Refused)), Yes(true), Yes(true), Yes(true), Yes(false)];

        var b = LlmBreakdowns.Verification(records, pairs, MissingConfidencePolicy.Midpoint);
        Assert.Empty(b.Skipped);
        Assert.Equal(["race=asian", "race=black", "race=mixed", "race=unknown", "session=s1", "session=s2"], b.Buckets.Select(x => $"{x.Attribute}={x.Value}"));

        var asian = b.Buckets[0];
        Assert.Equal(4, asian.Items);
        Assert.Equal((2, 2, 3), (asian.Metrics.Genuine, asian.Metrics.Impostor, asian.Metrics.Answered));
        Assert.Equal(0.75, asian.Metrics.Coverage, 12);
        Assert.Equal(2.0 / 3, asian.Metrics.Accuracy, 12);   // TP p0, TN p2 of 3 answered
        Assert.Equal(0.0, asian.Metrics.Fmr);                 // 0 of 1 answered impostor accepted
        Assert.Equal(0.5, asian.Metrics.Fnmr, 12);            // p1 of 2 genuine
        Assert.Equal(0.5, asian.Metrics.FtaImpostor, 12);

        var black = b.Buckets[1];
        Assert.Equal((1.0, 0.5, 1.0, 0.0), (black.Metrics.Coverage, black.Metrics.Accuracy, black.Metrics.Fmr, black.Metrics.Fnmr));

        var mixed = b.Buckets[2];
        Assert.Equal(1, mixed.Items);
        Assert.Equal((0.0, 1.0), (mixed.Metrics.Accuracy, mixed.Metrics.Fmr));
        Assert.True(double.IsNaN(mixed.Metrics.Fnmr));        // no genuine pair in the bucket

        var unknown = b.Buckets[3];
        Assert.Equal((1.0, 0.0), (unknown.Metrics.Accuracy, unknown.Metrics.Fmr));

        // session s1 = p0 TP, p1 FN, p4 TP, p6 FP: accuracy 2/4, FMR 1/1, FNMR 1/3.
        var s1 = b.Buckets[4];
        Assert.Equal((4, 0.5, 1.0), (s1.Items, s1.Metrics.Accuracy, s1.Metrics.Fmr));
        Assert.Equal(1.0 / 3, s1.Metrics.Fnmr, 12);
        // session s2 = p2 TN, p3 refused, p5 FP, p7 TN: coverage 3/4, accuracy 2/3, FMR 1/3.
        var s2 = b.Buckets[5];
        Assert.Equal(0.75, s2.Metrics.Coverage, 12);
        Assert.Equal(2.0 / 3, s2.Metrics.Accuracy, 12);
        Assert.Equal(1.0 / 3, s2.Metrics.Fmr, 12);

        var table = LlmTables.Verification(b);
        Assert.Equal(["race", "asian", "4", "2", "2", "3", "0.7500", "0.6667", "0.0000", "0.5000", "0.0000", "0.5000"], table.Rows[0]);
        Assert.Equal("n/a", table.Rows[2][9]);
    }

    [Fact]
    public void Pair_ages_are_compared_by_group_and_high_cardinality_columns_are_skipped()
    {
        (string A, string B)[] ages = [("25", "31"), ("25", "45"), ("65", "70"), ("19", "19.5"), ("x", "x"), ("-1", "30")];
        var pairs = ages.Select((a, i) => Pair(i, i % 2 == 0, ("age_A", a.A), ("Age_B", a.B))).ToArray();
        var attr = Assert.Single(LlmBreakdowns.PairAttributes(pairs));
        Assert.Equal("age", attr.Attribute);
        Assert.Equal(["20-39", "mixed", "60+", "0-19", "x", "unknown"], attr.Values);

        // 51 distinct values: skipped; 50: kept.
        var many = Enumerable.Range(0, 51).Select(i => Pair(i, true, ("file", $"f{i}"), ("batch", $"b{i % 50}"))).ToArray();
        var records = many.Select(_ => Yes(true)).ToArray();
        var b = LlmBreakdowns.Verification(records, many, MissingConfidencePolicy.Midpoint);
        var skipped = Assert.Single(b.Skipped);
        Assert.Equal(("file", 51), (skipped.Attribute, skipped.DistinctValues));
        Assert.Equal(50, b.Buckets.Count);
        Assert.All(b.Buckets, x => Assert.Equal("batch", x.Attribute));
        Assert.Equal(2, b.Buckets.Single(x => x.Value == "b0").Items);
    }

    [Fact]
    public void Gender_per_age_group_and_extra_column_hand_counted()
    {
        FaceItem I(int i, string g, double age, string skin) => new($"i{i}", "x.png", g, age, new Dictionary<string, string> { ["skin"] = skin });
        FaceItem[] items = [I(0, "female", 25, "light"), I(1, "male", 30, "light"), I(2, "male", 65, "dark"), I(3, "female", 15, "dark"), I(4, "female", 45, "dark")];
        LlmRecord G(string g) => Rec(new ParsedAnswer { Outcome = LlmOutcome.Ok, Gender = g });
        LlmRecord[] records = [G("female"), G("female"), G("male"), Rec(ParsedAnswer.Of(LlmOutcome.Refused)), G("female")];

        var b = LlmBreakdowns.Gender(records, items);
        Assert.Equal(["age=0-19", "age=20-39", "age=40-59", "age=60+", "skin=dark", "skin=light"], b.Buckets.Select(x => $"{x.Attribute}={x.Value}"));
        var young = b.Buckets[0].Metrics;
        Assert.Equal((1, 0, 0.0), (young.Total, young.Answered, young.Coverage));
        Assert.True(double.IsNaN(young.Accuracy));
        var twenties = b.Buckets[1].Metrics;                 // f->f, m->f
        Assert.Equal((0.5, 1.0, 0.0, 0.5), (twenties.Accuracy, twenties.Recall["female"], twenties.Recall["male"], twenties.BalancedAccuracy));
        Assert.Equal(1.0, b.Buckets[2].Metrics.Accuracy);
        Assert.Equal(1.0, b.Buckets[3].Metrics.Accuracy);
        var dark = b.Buckets[4];                             // m->m, f refused, f->f
        Assert.Equal(3, dark.Items);
        Assert.Equal(2.0 / 3, dark.Metrics.Coverage, 12);
        Assert.Equal(1.0, dark.Metrics.Accuracy);
        Assert.Equal(0.5, b.Buckets[5].Metrics.Accuracy, 12);

        var row = LlmTables.Gender(b).Rows[4];
        Assert.Equal(["skin", "dark", "3", "3", "2", "0.6667", "1.0000", "1.0000", "1.0000", "1.0000"], row);
    }

    [Fact]
    public void Age_per_gender_hand_counted_and_age_groups_table()
    {
        FaceItem I(int i, string g, double age) => new($"i{i}", "x.png", g, age, new Dictionary<string, string>());
        FaceItem[] items = [I(0, "female", 25), I(1, "male", 45), I(2, "male", 62), I(3, "female", 15)];
        LlmRecord A(double age, double? lo = null, double? hi = null) => Rec(new ParsedAnswer { Outcome = LlmOutcome.Ok, Age = age, AgeLow = lo, AgeHigh = hi });
        LlmRecord[] records = [A(28, 24, 30), A(45, 40, 50), A(70), Rec(ParsedAnswer.Of(LlmOutcome.Unparseable))];

        var b = LlmBreakdowns.Age(records, items);
        Assert.Equal(["gender=female", "gender=male"], b.Buckets.Select(x => $"{x.Attribute}={x.Value}"));
        var female = b.Buckets[0].Metrics;                   // |28-25| = 3; 15 unanswered
        Assert.Equal((2, 1, 0.5, 3.0, 1.0, 1.0), (female.Total, female.Answered, female.Coverage, female.Mae, female.Cs5, female.RangeHitRate));
        var male = b.Buckets[1].Metrics;                     // |45-45| = 0, |70-62| = 8
        Assert.Equal((4.0, 0.5, 1), (male.Mae, male.Cs5, male.WithRange));

        var groups = LlmMetrics.Age(records, items);
        Assert.Equal(["all", "0-19", "20-39", "40-59", "60+"], groups.Select(g => g.Group));
        var table = LlmTables.AgeGroupsTable(groups);
        Assert.Equal(["0-19", "1", "0", "0.0000", "n/a", "n/a", "n/a", "0"], table.Rows[1]);
        Assert.Equal(["60+", "1", "1", "1.0000", "8.0000", "0.0000", "n/a", "0"], table.Rows[4]);
        Assert.Equal("0-19", AgeGroups.Of(19.99));
        Assert.Equal("20-39", AgeGroups.Of(20));
        Assert.Null(AgeGroups.Of(-0.5));
    }
}
