using System.Text.Json;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;

namespace FaceSynth.Cli.Tests.Cli;

public class InfrastructureTests
{
    [Theory]
    [InlineData(typeof(FileNotFoundException), 2)]
    [InlineData(typeof(DirectoryNotFoundException), 2)]
    [InlineData(typeof(InvalidDataException), 2)]
    [InlineData(typeof(ArgumentException), 2)]
    [InlineData(typeof(ArgumentOutOfRangeException), 2)]
    [InlineData(typeof(CliUsageException), 2)]
    [InlineData(typeof(OperationCanceledException), 130)]
    [InlineData(typeof(TaskCanceledException), 130)]
    [InlineData(typeof(InvalidOperationException), 1)]
    [InlineData(typeof(NullReferenceException), 1)]
    public void Exceptions_map_to_exit_codes(Type type, int expected)
    {
        var ex = (Exception)Activator.CreateInstance(type, "boom")!;
        Assert.Equal(expected, ErrorClassifier.Classify(ex).ExitCode);
    }

    [Fact]
    public void Data_exception_message_names_the_file_and_line()
    {
        var (code, msg) = ErrorClassifier.Classify(FaceSynthDataException.AtLine("x.txt", 3, "expected a number"));
        Assert.Equal(2, code);
        Assert.Equal("x.txt: line 3: expected a number", msg);
        var (_, arg) = ErrorClassifier.Classify(new ArgumentException("bad value", "paramName"));
        Assert.Equal("bad value", arg);
    }

    [Fact]
    public void Json_writes_round_trip_numbers_and_null_for_non_finite()
    {
        var values = new[] { 0.1 + 0.2, 1e-300, -0.0, double.NaN, double.PositiveInfinity, 123456789.123456789 };
        var text = ReportJson.Serialize(new { SomeValue = values, FalseMatches = 3 });
        var doc = JsonDocument.Parse(text).RootElement;
        var arr = doc.GetProperty("some_value");
        Assert.Equal(0.1 + 0.2, arr[0].GetDouble());
        Assert.Equal(1e-300, arr[1].GetDouble());
        Assert.Equal(JsonValueKind.Null, arr[3].ValueKind);
        Assert.Equal(JsonValueKind.Null, arr[4].ValueKind);
        Assert.Equal(123456789.123456789, arr[5].GetDouble());
        Assert.Equal(3, doc.GetProperty("false_matches").GetInt32());
    }

    [Fact]
    public void Atomic_write_leaves_nothing_when_the_writer_fails()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "out.json");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("fail");
        }));
        Assert.Empty(Directory.GetFiles(dir));
        AtomicFile.WriteAllText(path, "ok");
        Assert.Equal("ok", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void Text_table_aligns_columns()
    {
        var t = TextTable.Format(["name", "value"], [["a", "1"], ["longer", "12345"]]);
        var lines = t.TrimEnd().Split('\n');
        Assert.Equal("name    value", lines[0]);
        Assert.Equal("a           1", lines[2]);
        Assert.Equal("longer  12345", lines[3]);
    }

    [Fact]
    public void Html_report_escapes_text()
    {
        var h = new HtmlReport("a <b> & c");
        h.Paragraph("<script>alert(1)</script>").Table(["x"], [["<td>"]]);
        var html = h.ToHtml();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<title>a &lt;b&gt; &amp; c</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_progress_reports_counts_and_a_final_line()
    {
        var err = new StringWriter();
        var ctx = new CliContext(TextWriter.Null, err, CancellationToken.None, ProgressMode.Plain);
        using (var p = ctx.StartProgress("comparing", 200))
        {
            ((IProgress<long>)p).Report(50);
            p.Increment(25);
            ((IProgress<long>)p).Report(10); // never moves backwards
            Assert.Equal(75, p.Completed);
            Assert.StartsWith("comparing: 75/200 (37.5%)", p.StatusLine(), StringComparison.Ordinal);
        }

        Assert.Contains("comparing: 75 items in", err.ToString(), StringComparison.Ordinal);
    }
}
