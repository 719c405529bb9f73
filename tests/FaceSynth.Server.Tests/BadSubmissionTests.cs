using System.IO.Compression;
using System.Net;
using System.Text;

namespace FaceSynth.Server.Tests;

/// <summary>Bad input: each one is recorded as failed with a message saying what to fix, nothing is scored, the server keeps working.</summary>
public sealed class BadSubmissionTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory _server;

    public BadSubmissionTests(ServerFactory server) => _server = server;

    private byte[] ExampleFile(string name)
    {
        using var zip = ZipFile.OpenRead(_server.ExampleZip);
        using var s = zip.GetEntry(name)!.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private string[] ExampleLines(string name) => Encoding.UTF8.GetString(ExampleFile(name)).TrimEnd('\n').Split('\n');

    private static byte[] Lines(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            foreach (var (name, content) in entries)
            {
                using var w = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                w.Write(content);
            }
        }

        return ms.ToArray();
    }

    public static TheoryData<string> Cases() =>
    [
        "wrong line count", "nan", "text", "unknown benchmark name", "file of another benchmark", "declared benchmark", "missing benchmark",
        "invalid utf-8", "oversized", "zip bomb", "nested zip", "not a zip", "empty line", "bad count field",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_submission_is_recorded_as_failed_with_a_fix(string kind)
    {
        var (client, _) = await _server.RegisterAsync("bad " + kind);
        var good = ExampleLines("demo-balanced.txt");
        string task = "bias";
        Dictionary<string, string>? fields = null;
        (string, byte[])[] files;
        int expectedStatus = 422;
        string[] expected;
        switch (kind)
        {
            case "wrong line count":
                files = [("demo-balanced.txt", Lines(good.Take(5999)))];
                expected = ["5999 scores", "6000 pairs"];
                break;
            case "nan":
                files = [("demo-balanced.txt", Lines(good.Select((l, i) => i == 6 ? "nan" : l)))];
                expected = ["line 7", "not finite"];
                break;
            case "text":
                files = [("demo-balanced.txt", Lines(good.Select((l, i) => i == 2 ? "0,73" : l)))];
                expected = ["line 3", "'0,73' is not a number"];
                break;
            case "unknown benchmark name":
                files = [("lfw.txt", Lines(good))];
                expected = ["'lfw.txt' does not match a benchmark", "demo-balanced.txt"];
                break;
            case "file of another benchmark":
                files = [("demo-balanced.txt", ExampleFile("demo-age.txt"))];
                expected = ["3000 scores", "6000 pairs", "another benchmark"];
                break;
            case "declared benchmark":
                files = [("demo-balanced.txt", Lines(good.Prepend("# benchmark: demo-age")))];
                expected = ["line 1", "declares benchmark 'demo-age'"];
                break;
            case "missing benchmark":
                task = "performance";
                files = [("demo-balanced.txt", Lines(good))];
                expected = ["missing file(s)", "demo-age, demo-pose"];
                break;
            case "invalid utf-8":
                var bytes = Lines(good);
                bytes[20] = 0xFF;
                files = [("demo-balanced.txt", bytes)];
                expected = ["byte offset 20", "not valid UTF-8"];
                break;
            case "oversized":
                files = [("demo-balanced.txt", new byte[(4 << 20) + 1])];
                expectedStatus = 413;
                expected = ["larger than the limit", "4 MiB"];
                break;
            case "zip bomb":
                files = [("bomb.zip", Zip(("demo-balanced.txt", new byte[64 << 20])))];
                expected = ["archive bomb"];
                break;
            case "nested zip":
                files = [("outer.zip", Zip(("inner.zip", Zip(("demo-balanced.txt", Lines(good))))))];
                expected = ["itself an archive"];
                break;
            case "not a zip":
                files = [("scores.zip", Encoding.UTF8.GetBytes("PK\u0003\u0004 this is not really a zip"))];
                expected = ["not a readable zip archive"];
                break;
            case "empty line":
                files = [("demo-balanced.txt", Lines(good.Select((l, i) => i == 10 ? "" : l)))];
                expected = ["line 11", "empty line"];
                break;
            case "bad count field":
                files = [("demo-balanced.txt", Lines(good))];
                fields = new() { ["syntheticImages"] = "1e6" };
                expected = ["'syntheticImages' must be a whole number"];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        var (status, json) = await Http.SubmitAsync(client, task, files, fields: fields);
        Assert.Equal(expectedStatus, status);
        Assert.Equal("failed", json["status"]!.GetValue<string>());
        string message = json["message"]!.GetValue<string>();
        foreach (var e in expected)
        {
            Assert.Contains(e, message, StringComparison.Ordinal);
        }

        // Recorded, failed, unscored, and not on the leaderboard.
        long id = json["id"]!.GetValue<long>();
        var stored = await Http.GetJsonAsync(client, $"/api/submissions/{id}");
        Assert.Equal("failed", stored["status"]!.GetValue<string>());
        Assert.Equal(message, stored["message"]!.GetValue<string>());
        Assert.Null(stored["result"]);
        Assert.Null(stored["rankingMetric"]);
        var board = await Http.GetJsonAsync(client, $"/api/leaderboards/{task}/synthetic?all=true");
        Assert.DoesNotContain(board["rows"]!.AsArray(), r => r!["submissionId"]!.GetValue<long>() == id);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task Duplicate_upload_is_refused_and_the_server_still_scores_good_files()
    {
        var (client, _) = await _server.RegisterAsync("duplicate team");
        var zip = File.ReadAllBytes(_server.ExampleZip);
        var (s1, j1) = await Http.SubmitAsync(client, "bias", [("example.zip", zip)]);
        Assert.Equal(202, s1);
        long first = j1["id"]!.GetValue<long>();
        var (s2, j2) = await Http.SubmitAsync(client, "bias", [("demo-balanced.txt", ExampleFile("demo-balanced.txt"))]);
        Assert.Equal(409, s2);
        Assert.Equal("failed", j2["status"]!.GetValue<string>());
        Assert.Contains($"identical to your submission #{first}", j2["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("scored", (await Http.WaitDoneAsync(client, first))["status"]!.GetValue<string>());

        // Another sub-task is another entry, not a duplicate.
        var (s3, _) = await Http.SubmitAsync(client, "bias", [("example.zip", zip)], "mixed");
        Assert.Equal(202, s3);
    }

    [Fact]
    public async Task Requests_that_cannot_be_recorded_get_a_clear_status()
    {
        var (client, _) = await _server.RegisterAsync("sloppy team");
        using var anon = _server.ClientWithKey(null);
        var (s1, j1) = await Http.SubmitAsync(anon, "bias", [("demo-balanced.txt", [])]);
        Assert.Equal(401, s1);
        Assert.Contains("Bearer", j1["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var (s2, j2) = await Http.SubmitAsync(client, "no-such-task", [("demo-balanced.txt", [])]);
        Assert.Equal(400, s2);
        Assert.Contains("bias, performance, sdfr", j2["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var (s3, j3) = await Http.SubmitAsync(client, "bias", [("demo-balanced.txt", [])], "no-such-subtask");
        Assert.Equal(400, s3);
        Assert.Contains("synthetic, mixed", j3["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var r = await client.PostAsync("/api/submissions", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }
}
