using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace FaceSynth.Server.Tests;

/// <summary>The JSON API end to end on the in-process server: register, submit, score, rank, export, re-score.</summary>
public sealed class ApiTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory _server;

    public ApiTests(ServerFactory server) => _server = server;

    [Fact]
    public async Task Registration_returns_the_key_once_and_the_database_holds_only_a_salted_hash()
    {
        var (client, key) = await _server.RegisterAsync("hash check");
        var me = await Http.GetJsonAsync(client, "/api/me");
        Assert.Equal("hash check", me["team"]!["name"]!.GetValue<string>());

        // Neither the key nor its secret part appears anywhere in the database files.
        string secret = key[(key.IndexOf('_', 4) + 1)..];
        SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(_server.DataDir, "facesynth.db*"))
        {
            var bytes = File.ReadAllBytes(f);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        }

        // Registering the same name again (any case) is refused.
        using var anon = _server.ClientWithKey(null);
        var again = await anon.PostAsync("/api/teams", new StringContent("{\"name\":\"HASH CHECK\",\"email\":\"x@example.org\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Example_submission_is_scored_ranked_and_exported()
    {
        var (client, _) = await _server.RegisterAsync("example team");
        var (status, json) = await Http.SubmitAsync(client, "bias", [("example-submission.zip", File.ReadAllBytes(_server.ExampleZip))], "mixed");
        Assert.Equal(202, status);
        long id = json["id"]!.GetValue<long>();
        var done = await Http.WaitDoneAsync(client, id);
        Assert.Equal("scored", done["status"]!.GetValue<string>());

        var board = await Http.GetJsonAsync(client, "/api/leaderboards/bias/mixed");
        var row = board["rows"]!.AsArray().Single(r => r!["submissionId"]!.GetValue<long>() == id)!;
        Assert.Equal("example team", row["team"]!.GetValue<string>());
        var columns = board["columns"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        var values = row["values"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        Assert.Equal(["to", "avg", "sd", "demo-balanced"], columns.Take(4));

        // TO = AVG - SD over the four group columns, recomputed here from the group accuracies.
        var groups = columns.Select((c, i) => (c, i)).Where(x => x.c.StartsWith("demo-balanced/", StringComparison.Ordinal)).Select(x => values[x.i]).ToList();
        Assert.Equal(["demo-balanced/group-a", "demo-balanced/group-b", "demo-balanced/group-c", "demo-balanced/group-d"], columns.Skip(4));
        double avg = groups.Average();
        double sd = Math.Sqrt(groups.Sum(g => (g - avg) * (g - avg)) / groups.Count);
        Assert.Equal(avg, values[1], 10);
        Assert.Equal(sd, values[2], 10);
        Assert.Equal(avg - sd, values[0], 10);
        Assert.InRange(values[3], 80, 100);

        // Each group has 1500 pairs: accuracies are multiples of 1/150 % per fold (folds of 150 pairs).
        foreach (var g in groups)
        {
            Assert.Equal(0, Math.Round(g * 150 / 10) - (g * 150 / 10), 6);
        }

        var csv = await client.GetStringAsync("/api/leaderboards/bias/mixed?format=csv");
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("rank,submission,team,submitted_at,to,avg,sd,demo-balanced,demo-balanced/group-a,demo-balanced/group-b,demo-balanced/group-c,demo-balanced/group-d", lines[0]);
        var csvRow = lines.Single(l => l.Split(',')[1] == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Split(',');
        Assert.Equal(values[0], double.Parse(csvRow[4], System.Globalization.CultureInfo.InvariantCulture));

        // The submission page carries the per-group table and both plots.
        var page = await client.GetStringAsync($"/submissions/{id}");
        Assert.Contains("per demographic group", page, StringComparison.Ordinal);
        var svg = await client.GetAsync($"/submissions/{id}/det.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_files_score_the_same_as_the_zip_and_the_mean_rule_averages_the_benchmarks()
    {
        var (a, _) = await _server.RegisterAsync("plain files");
        var (b, _) = await _server.RegisterAsync("zip files");
        using var zip = ZipFile.OpenRead(_server.ExampleZip);
        var files = zip.Entries.Where(e => e.Name is "demo-balanced.txt" or "demo-age.txt" or "demo-pose.txt").Select(e =>
        {
            using var s = e.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return (e.Name, ms.ToArray());
        }).ToList();
        var (s1, j1) = await Http.SubmitAsync(a, "performance", files);
        var (s2, j2) = await Http.SubmitAsync(b, "performance", [("all.zip", File.ReadAllBytes(_server.ExampleZip))]);
        Assert.Equal(202, s1);
        Assert.Equal(202, s2);
        var r1 = (await Http.WaitDoneAsync(a, j1["id"]!.GetValue<long>()))["result"]!;
        var r2 = (await Http.WaitDoneAsync(b, j2["id"]!.GetValue<long>()))["result"]!;
        var m1 = r1["benchmarks"]!.AsArray().Select(x => x!["metric"]!.GetValue<double>()).ToList();
        var m2 = r2["benchmarks"]!.AsArray().Select(x => x!["metric"]!.GetValue<double>()).ToList();
        Assert.Equal(m1, m2);
        Assert.Equal(3, m1.Count);
        Assert.Equal(m1.Average(), r1["rankingMetric"]!.GetValue<double>(), 12);

        // Two teams, same numbers: equal ranking metric, the earlier submission ranks first.
        var board = await Http.GetJsonAsync(a, "/api/leaderboards/performance/synthetic");
        var order = board["rows"]!.AsArray().Select(r => r!["team"]!.GetValue<string>()).Where(t => t is "plain files" or "zip files").ToList();
        Assert.Equal(["plain files", "zip files"], order);
    }

    [Fact]
    public async Task Challenge_description_and_pair_lists_carry_no_ground_truth()
    {
        using var anon = _server.ClientWithKey(null);
        var text = await anon.GetStringAsync("/api/challenge");
        Assert.DoesNotContain("truth", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("private", text, StringComparison.OrdinalIgnoreCase);
        var json = JsonNode.Parse(text)!;
        Assert.True(json["demo"]!.GetValue<bool>());
        var balanced = json["benchmarks"]!.AsArray().Single(b => b!["id"]!.GetValue<string>() == "demo-balanced")!;
        Assert.Equal(6000, balanced["pairs"]!.GetValue<int>());

        var pairs = (await anon.GetStringAsync("/api/benchmarks/demo-balanced/pairs")).TrimEnd('\n').Split('\n');
        Assert.Equal(6000, pairs.Length);
        Assert.All(pairs, p => Assert.Equal(2, p.Split(' ').Length));
        Assert.Equal(await anon.GetStringAsync("/downloads/demo-balanced.pairs.txt"), string.Join('\n', pairs) + "\n");
    }

    [Fact]
    public async Task Organiser_rescoring_reproduces_the_same_numbers_once_more()
    {
        var (client, _) = await _server.RegisterAsync("rescore team");
        var (_, json) = await Http.SubmitAsync(client, "sdfr", [("e.zip", File.ReadAllBytes(_server.ExampleZip))]);
        long id = json["id"]!.GetValue<long>();
        var first = await Http.WaitDoneAsync(client, id);

        using var org = _server.ClientWithKey(_server.OrganiserKey());
        var r = await org.PostAsync($"/api/organiser/rescore?submission={id}", null);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await r.Content.ReadAsStringAsync())!["requeued"]!.GetValue<int>());
        JsonNode second;
        do
        {
            await Task.Delay(50);
            second = await Http.WaitDoneAsync(client, id);
        }
        while (second["events"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "scored") < 2);

        Assert.Equal(first["rankingMetric"]!.GetValue<double>(), second["rankingMetric"]!.GetValue<double>());
        var kinds = second["events"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(["received", "claimed", "scored", "rescore", "claimed", "scored"], kinds);
    }
}
