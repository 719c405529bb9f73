using System.Net;
using System.Text.Json.Nodes;

namespace FaceSynth.Server.Tests;

/// <summary>Isolation (CHALLENGE.md): other teams' unpublished submissions, the ground truth and the organiser's endpoints, through pages and API.</summary>
public sealed class AuthorizationTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory _server;

    public AuthorizationTests(ServerFactory server) => _server = server;

    [Fact]
    public async Task Another_teams_unpublished_submission_is_unreachable_until_published()
    {
        var (owner, _) = await _server.RegisterAsync("owner team");
        var (other, _) = await _server.RegisterAsync("other team");
        using var anon = _server.ClientWithKey(null);
        using var badKey = _server.ClientWithKey("fsk_000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var (_, json) = await Http.SubmitAsync(owner, "bias", [("e.zip", File.ReadAllBytes(_server.ExampleZip))]);
        long id = json["id"]!.GetValue<long>();
        await Http.WaitDoneAsync(owner, id);

        string[] urls = [$"/api/submissions/{id}", $"/submissions/{id}", $"/submissions/{id}/roc.svg", $"/submissions/{id}/det.png", $"/api/submissions/{id}/plots/roc.svg"];
        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync(url)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await badKey.GetAsync($"/api/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/submissions")).StatusCode);
        var mine = await Http.GetJsonAsync(other, "/api/submissions");
        Assert.DoesNotContain(mine.AsArray(), s => s!["id"]!.GetValue<long>() == id);

        // The public leaderboard names the team but links nothing that is not visible.
        var board = await other.GetStringAsync("/leaderboard/bias/synthetic");
        Assert.Contains("owner team", board, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/submissions/{id}\"", board, StringComparison.Ordinal);

        using var org = _server.ClientWithKey(_server.OrganiserKey());
        Assert.Equal(HttpStatusCode.OK, (await org.GetAsync($"/api/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.PostAsync($"/api/organiser/submissions/{id}/publish?published=true", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync($"/submissions/{id}")).StatusCode);
    }

    [Fact]
    public async Task Organiser_endpoints_refuse_participants_and_anonymous_callers()
    {
        var (participant, _) = await _server.RegisterAsync("curious team");
        using var anon = _server.ClientWithKey(null);
        (string Method, string Url)[] api =
        [
            ("GET", "/api/organiser/teams"), ("GET", "/api/organiser/status"), ("POST", "/api/organiser/rescore"), ("POST", "/api/organiser/submissions/1/publish"),
        ];
        foreach (var (method, url) in api)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anon.SendAsync(new HttpRequestMessage(new HttpMethod(method), url))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await participant.SendAsync(new HttpRequestMessage(new HttpMethod(method), url))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await anon.GetAsync("/organiser")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.GetAsync("/organiser")).StatusCode);
        var form = new FormUrlEncodedContent([]);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsync("/organiser/rescore", form)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsync("/organiser/submissions/1/publish", form)).StatusCode);

        // The team list with e-mails is for the organiser only; the organiser key works.
        using var org = _server.ClientWithKey(_server.OrganiserKey());
        var teams = await Http.GetJsonAsync(org, "/api/organiser/teams");
        Assert.Contains(teams.AsArray(), t => t!["email"]!.GetValue<string>() == "curious-team@example.org");
        Assert.DoesNotContain("curious-team@example.org", await anon.GetStringAsync("/api/challenge"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ground_truth_is_reachable_by_no_one()
    {
        var truth = File.ReadAllText(Path.Combine(_server.DataDir, "demo", "private", "demo-balanced.truth.csv"));
        string sample = string.Join('\n', truth.Split('\n').Skip(1).Take(40));
        var (participant, _) = await _server.RegisterAsync("truth seeker");
        using var anon = _server.ClientWithKey(null);
        using var org = _server.ClientWithKey(_server.OrganiserKey());
        string[] urls =
        [
            "/demo/private/demo-balanced.truth.csv", "/private/demo-balanced.truth.csv", "/downloads/demo-balanced.truth.csv", "/downloads/..%2Fprivate%2Fdemo-balanced.truth.csv",
            "/api/benchmarks/demo-balanced/truth", "/api/benchmarks/..%2F..%2Fdemo%2Fprivate%2Fdemo-balanced.truth.csv/pairs", "/facesynth.db", "/organiser.key",
        ];
        foreach (var client in new[] { anon, participant, org })
        {
            foreach (var url in urls)
            {
                var r = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            }

            // Nothing served, the organiser's views included, contains the labels.
            foreach (var url in new[] { "/api/challenge", "/api/benchmarks/demo-balanced/pairs", "/tasks/bias", "/" })
            {
                var body = await client.GetStringAsync(url);
                Assert.DoesNotContain(sample, body, StringComparison.Ordinal);
                Assert.DoesNotContain("same,group", body, StringComparison.Ordinal);
            }
        }
    }
}

/// <summary>A challenge whose open final phase has a hidden leaderboard.</summary>
public sealed class HiddenPhaseFactory : ServerFactory
{
    private readonly string _definition;

    public HiddenPhaseFactory()
    {
        string demo = Path.Combine(DataDir, "custom");
        var path = Demo.DemoChallenge.Write(demo);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["phases"] = JsonNode.Parse("""
            [ { "id": "development", "title": "Development", "end": "2000-01-01T00:00:00Z", "publicLeaderboard": true },
              { "id": "final", "title": "Final", "start": "2000-01-01T00:00:00Z", "publicLeaderboard": false } ]
            """);
        _definition = Path.Combine(demo, "hidden.json");
        File.WriteAllText(_definition, json.ToJsonString());
    }

    public string ExampleFile => Path.Combine(DataDir, "custom", "example-submission.zip");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["ChallengeFile"] = _definition };
}

/// <summary>The hidden leaderboard of a final phase.</summary>
public sealed class HiddenLeaderboardTests : IClassFixture<HiddenPhaseFactory>
{
    private readonly HiddenPhaseFactory _server;

    public HiddenLeaderboardTests(HiddenPhaseFactory server) => _server = server;

    [Fact]
    public async Task Final_phase_leaderboard_is_for_the_organiser_only()
    {
        var (team, _) = await _server.RegisterAsync("finalist");
        using var anon = _server.ClientWithKey(null);
        using var org = _server.ClientWithKey(_server.OrganiserKey());
        var (status, json) = await Http.SubmitAsync(team, "bias", [("e.zip", File.ReadAllBytes(_server.ExampleFile))]);
        Assert.Equal(202, status);
        var done = await Http.WaitDoneAsync(team, json["id"]!.GetValue<long>());
        Assert.Equal("final", done["phase"]!.GetValue<string>());

        foreach (var url in new[] { "/api/leaderboards/bias/synthetic", "/api/leaderboards/bias/synthetic?phase=final&format=csv", "/leaderboard/bias/synthetic" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await team.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await anon.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await org.GetAsync(url)).StatusCode);
        }

        var board = await Http.GetJsonAsync(org, "/api/leaderboards/bias/synthetic");
        Assert.Equal("finalist", board["rows"]![0]!["team"]!.GetValue<string>());

        // The closed development phase stays public (and is empty).
        var dev = await Http.GetJsonAsync(anon, "/api/leaderboards/bias/synthetic?phase=development");
        Assert.Empty(dev["rows"]!.AsArray());
    }
}
