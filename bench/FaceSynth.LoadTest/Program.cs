using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FaceSynth.Server;
using FaceSynth.Server.Definitions;
using FaceSynth.Server.Demo;
using FaceSynth.Server.Scoring;
using Microsoft.Extensions.Logging;

// Bounded load test of `facesynth serve` on loopback (server and clients in this process):
//   1. scoring time of a 6,000-pair submission (library call, the code the workers run);
//   2. concurrent submissions through the HTTP API until all are scored;
//   3. concurrent leaderboard reads (JSON API and HTML page) for a fixed time: requests/s, p50, p99.
// Usage: dotnet run -c Release --project bench/FaceSynth.LoadTest -- [--seconds 10] [--readers 16] [--teams 8] [--per-team 4]
var opts = Args.Parse(args);
var inv = CultureInfo.InvariantCulture;
string dir = Path.Combine(Path.GetTempPath(), "facesynth-loadtest-" + Guid.NewGuid().ToString("N")[..8]);
Console.WriteLine($"load test: {Environment.ProcessorCount} cores, readers {opts.Readers}, {opts.Seconds} s per read phase, {opts.Teams} teams x {opts.PerTeam} submissions");

// 1. Scoring a 6,000-pair submission.
var challenge = ChallengeLoader.Load(DemoChallenge.Write(Path.Combine(dir, "demo-copy")));
var files = DemoChallenge.SystemFiles()[0].ToDictionary(kv => kv.Key[..^4], kv => kv.Value);
var bias = challenge.Task("bias")!;
for (int i = 0; i < 5; i++)
{
    SubmissionScorer.Score(challenge, bias, files);
}

var times = new List<double>();
for (int i = 0; i < 30; i++)
{
    var sw = Stopwatch.StartNew();
    SubmissionScorer.Score(challenge, bias, files);
    times.Add(sw.Elapsed.TotalMilliseconds);
}

Console.WriteLine($"scoring 6,000 pairs (task bias: parse, 10-fold accuracy overall and per group x4, ROC/EER, TO): median {Stat.Percentile(times, 50):F1} ms, p90 {Stat.Percentile(times, 90):F1} ms (30 runs)");

// 2. Server with demo baselines; concurrent submissions.
var app = ServerHost.Build([], new ServerOptions { Urls = "http://127.0.0.1:0", DataDirectory = dir, SeedDemoBaselines = true, ScoringWorkers = 2 },
    log => log.AddFilter(_ => false));
await app.StartAsync();
string baseUrl = ServerHost.Addresses(app)[0];
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(64, opts.Readers * 2), PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
var lines = Encoding.UTF8.GetString(files["demo-balanced"]).TrimEnd('\n').Split('\n');
var keys = new List<string>();
for (int t = 0; t < opts.Teams; t++)
{
    var r = await http.PostAsync("/api/teams", new StringContent($"{{\"name\":\"load team {t}\",\"email\":\"t{t}@example.org\"}}", Encoding.UTF8, "application/json"));
    keys.Add(JsonNode.Parse(await r.Content.ReadAsStringAsync())!["apiKey"]!.GetValue<string>());
}

var uploadTimes = new System.Collections.Concurrent.ConcurrentBag<double>();
var ids = new System.Collections.Concurrent.ConcurrentBag<long>();
var submitClock = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, opts.Teams * opts.PerTeam), new ParallelOptions { MaxDegreeOfParallelism = opts.Teams }, async (k, ct) =>
{
    var body = (string[])lines.Clone();
    body[0] = (0.25 + (k / 10000.0)).ToString(inv);
    using var form = new MultipartFormDataContent { { new StringContent("bias"), "task" }, { new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', body) + "\n")), "files", "demo-balanced.txt" } };
    using var req = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = form };
    req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[k % keys.Count]);
    var sw = Stopwatch.StartNew();
    using var resp = await http.SendAsync(req, ct);
    uploadTimes.Add(sw.Elapsed.TotalMilliseconds);
    var json = JsonNode.Parse(await resp.Content.ReadAsStringAsync(ct))!;
    if ((int)resp.StatusCode != 202)
    {
        throw new InvalidOperationException($"submission refused: {json}");
    }

    ids.Add(json["id"]!.GetValue<long>());
});
var store = ServerHost.Runtime(app).Store;
while ((await store.CountByStatusAsync()).Where(kv => kv.Key is "queued" or "scoring").Sum(kv => kv.Value) > 0)
{
    await Task.Delay(20);
}

double allScored = submitClock.Elapsed.TotalSeconds;
Console.WriteLine($"{ids.Count} concurrent submissions of 6,000 scores ({opts.Teams} at a time): upload p50 {Stat.Percentile([.. uploadTimes], 50):F1} ms, p99 {Stat.Percentile([.. uploadTimes], 99):F1} ms; all scored after {allScored:F2} s ({ids.Count / allScored:F1} submissions/s)");

// 3. Leaderboard reads.
foreach (var (name, url) in new[] { ("JSON API", "/api/leaderboards/bias/synthetic"), ("HTML page", "/leaderboard/bias/synthetic") })
{
    await Read(url, TimeSpan.FromSeconds(1)); // warm-up
    var (count, lat, errors, secs) = await Read(url, TimeSpan.FromSeconds(opts.Seconds));
    Console.WriteLine($"leaderboard reads, {name} ({url}), {opts.Readers} concurrent readers: {count / secs:F0} req/s, p50 {Stat.Percentile(lat, 50):F2} ms, p99 {Stat.Percentile(lat, 99):F2} ms, errors {errors}");
}

await app.StopAsync();
await app.DisposeAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(dir, true);

async Task<(long Count, List<double> Latencies, long Errors, double Seconds)> Read(string url, TimeSpan duration)
{
    var all = new List<double>[opts.Readers];
    long errors = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, opts.Readers).Select(i => Task.Run(async () =>
    {
        var mine = all[i] = new List<double>(1 << 16);
        var sw = new Stopwatch();
        while (clock.Elapsed < duration)
        {
            sw.Restart();
            using var resp = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
            _ = await resp.Content.ReadAsByteArrayAsync();
            mine.Add(sw.Elapsed.TotalMilliseconds);
            if (!resp.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
            }
        }
    })));
    var lat = all.SelectMany(l => l).ToList();
    return (lat.Count, lat, errors, clock.Elapsed.TotalSeconds);
}

internal sealed record Args(int Seconds, int Readers, int Teams, int PerTeam)
{
    public static Args Parse(string[] a)
    {
        int Get(string name, int fallback)
        {
            int i = Array.IndexOf(a, name);
            return i >= 0 && i + 1 < a.Length ? int.Parse(a[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new Args(Get("--seconds", 10), Get("--readers", 16), Get("--teams", 8), Get("--per-team", 4));
    }
}

internal static class Stat
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var s = values.Order().ToArray();
        double rank = p / 100 * (s.Length - 1);
        int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
        return s[lo] + ((s[hi] - s[lo]) * (rank - lo));
    }
}
