using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaceSynth.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FaceSynth.Server.Tests;

/// <summary>One in-process server (TestServer) per test class over a fresh data folder and SQLite file, demo challenge, no baselines.</summary>
public class ServerFactory : WebApplicationFactory<Program>
{
    public string DataDir { get; } = TestPaths.NewTempDir();

    /// <summary>Extra configuration (FaceSynth:Key = value).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public ServerRuntime Runtime => Services.GetRequiredService<ServerRuntime>();

    public string ExampleZip => Path.Combine(DataDir, "demo", "example-submission.zip");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FaceSynth:DataDirectory", DataDir);
        builder.UseSetting("FaceSynth:SeedDemoBaselines", "false");
        builder.UseSetting("FaceSynth:ScoringWorkers", "2");
        foreach (var (k, v) in Settings)
        {
            builder.UseSetting("FaceSynth:" + k, v);
        }
    }

    public HttpClient ClientWithKey(string? key)
    {
        var c = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return c;
    }

    /// <summary>Registers a team through the API; returns a client carrying its key.</summary>
    public async Task<(HttpClient Client, string Key)> RegisterAsync(string name)
    {
        using var anon = ClientWithKey(null);
        var r = await anon.PostAsJsonAsync("/api/teams", new { name, email = $"{name.Replace(' ', '-')}@example.org", members = "tester" });
        Assert.Equal(System.Net.HttpStatusCode.Created, r.StatusCode);
        var json = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        string key = json["apiKey"]!.GetValue<string>();
        return (ClientWithKey(key), key);
    }

    /// <summary>The organiser account's key (read from the file written at first start).</summary>
    public string OrganiserKey()
    {
        _ = Runtime.Ready.IsCompleted;
        return File.ReadAllText(Path.Combine(DataDir, "organiser.key")).Trim();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDir, true);
            }
            catch (IOException)
            {
            }
        }
    }
}

internal static class Http
{
    /// <summary>Posts a multipart submission.</summary>
    public static async Task<(int Status, JsonNode Json)> SubmitAsync(HttpClient c, string task, IEnumerable<(string Name, byte[] Content)> files, string? subtask = null, Dictionary<string, string>? fields = null)
    {
        using var form = new MultipartFormDataContent { { new StringContent(task), "task" } };
        if (subtask is not null)
        {
            form.Add(new StringContent(subtask), "subtask");
        }

        foreach (var (k, v) in fields ?? [])
        {
            form.Add(new StringContent(v), k);
        }

        foreach (var (name, content) in files)
        {
            form.Add(new ByteArrayContent(content), "files", name);
        }

        var r = await c.PostAsync("/api/submissions", form);
        return ((int)r.StatusCode, JsonNode.Parse(await r.Content.ReadAsStringAsync())!);
    }

    public static async Task<JsonNode> GetJsonAsync(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        Assert.True(r.IsSuccessStatusCode, $"GET {url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
    }

    /// <summary>Polls a submission until it is scored or failed (10 s at most).</summary>
    public static async Task<JsonNode> WaitDoneAsync(HttpClient c, long id)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var j = await GetJsonAsync(c, $"/api/submissions/{id}");
            string status = j["status"]!.GetValue<string>();
            if (status is "scored" or "failed")
            {
                return j;
            }

            Assert.True(DateTime.UtcNow < until, $"submission {id} still {status}");
            await Task.Delay(50);
        }
    }
}
