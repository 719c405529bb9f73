using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using FaceSynth.Server.Data;

namespace FaceSynth.Server.Tests;

/// <summary>The server process is killed while submissions are being scored; after a restart every accepted submission is scored exactly once.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Killed_during_scoring_then_restarted_scores_every_submission_exactly_once()
    {
        string dir = FaceSynth.Testing.TestPaths.NewTempDir();
        int port = FreePort();
        string url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };

        // Slow scoring (testing aid) so that the kill lands while workers hold claims.
        var first = Start(dir, url, delayMs: 600);
        var ids = new List<long>();
        try
        {
            await WaitHealthyAsync(http, first);
            var reg = await http.PostAsync("/api/teams", new StringContent("{\"name\":\"durable\",\"email\":\"d@example.org\"}", Encoding.UTF8, "application/json"));
            string key = JsonNode.Parse(await reg.Content.ReadAsStringAsync())!["apiKey"]!.GetValue<string>();
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            var lines = ReadExample(Path.Combine(dir, "demo", "example-submission.zip"));
            for (int i = 0; i < 10; i++)
            {
                lines[0] = (0.5 + (i / 1000.0)).ToString(System.Globalization.CultureInfo.InvariantCulture); // distinct content per submission
                var (status, json) = await Http.SubmitAsync(http, "bias", [("demo-balanced.txt", Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"))]);
                Assert.Equal(202, status);
                ids.Add(json["id"]!.GetValue<long>());
            }

            // Kill (SIGKILL) once some are scored and others are still waiting or being scored.
            var until = DateTime.UtcNow.AddSeconds(60);
            while (await CountAsync(http, ids, "scored") < 2)
            {
                Assert.True(DateTime.UtcNow < until, "scoring did not start");
                await Task.Delay(50);
            }
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        int scoredBeforeKill;
        using (var db = Database.Open(null, dir))
        {
            var store = new ChallengeStore(db);
            var states = await Task.WhenAll(ids.Select(id => store.GetAsync(id)));
            scoredBeforeKill = states.Count(s => s!.Status == SubmissionStatus.Scored);
            Assert.InRange(scoredBeforeKill, 2, ids.Count - 1);
            Assert.Contains(states, s => s!.Status == SubmissionStatus.Scoring);
        }

        var second = Start(dir, url, delayMs: 0);
        try
        {
            await WaitHealthyAsync(http, second);
            var until = DateTime.UtcNow.AddSeconds(60);
            while (await CountAsync(http, ids, "scored") < ids.Count)
            {
                Assert.True(DateTime.UtcNow < until, "not every submission was scored after the restart");
                await Task.Delay(100);
            }
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        using (var db = Database.Open(null, dir))
        {
            var store = new ChallengeStore(db);
            int released = 0;
            foreach (var id in ids)
            {
                var kinds = (await store.EventsAsync(id)).Select(e => e.Kind).ToList();
                Assert.Equal(1, kinds.Count(k => k == "received"));
                Assert.Equal(1, kinds.Count(k => k == "scored"));
                Assert.Equal(0, kinds.Count(k => k == "failed"));
                released += kinds.Count(k => k == "released");
                Assert.Equal(SubmissionStatus.Scored, (await store.GetAsync(id))!.Status);
            }

            Assert.True(released >= 1, "no claim was interrupted by the kill");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, true);
    }

    private static Process Start(string dir, string url, int delayMs)
    {
        string bin = AppContext.BaseDirectory;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "exec", "--runtimeconfig", Path.Combine(bin, "FaceSynth.Server.Tests.runtimeconfig.json"), "--depsfile", Path.Combine(bin, "FaceSynth.Server.Tests.deps.json"),
            Path.Combine(bin, "FaceSynth.Server.dll"), $"--FaceSynth:DataDirectory={dir}", $"--FaceSynth:Urls={url}", "--FaceSynth:SeedDemoBaselines=false",
            "--FaceSynth:ScoringWorkers=2", $"--FaceSynth:ScoringDelayMs={delayMs}",
        })
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process p)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            Assert.False(p.HasExited, $"server exited with {(p.HasExited ? p.ExitCode : 0)}");
            try
            {
                if ((await http.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(DateTime.UtcNow < until, "server did not start");
            await Task.Delay(100);
        }
    }

    private static async Task<int> CountAsync(HttpClient http, List<long> ids, string status)
    {
        var list = await Http.GetJsonAsync(http, "/api/submissions");
        return list.AsArray().Count(s => ids.Contains(s!["id"]!.GetValue<long>()) && s["status"]!.GetValue<string>() == status);
    }

    private static string[] ReadExample(string zipPath)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(zipPath);
        using var r = new StreamReader(zip.GetEntry("demo-balanced.txt")!.Open());
        return r.ReadToEnd().TrimEnd('\n').Split('\n');
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
