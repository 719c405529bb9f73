using System.Globalization;
using System.Text.Json;
using FaceSynth.Server.Data;
using FaceSynth.Server.Security;
using FaceSynth.Server.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaceSynth.Server.Web;

/// <summary>The JSON API: everything the pages show, plus registration and submission for scripts and <c>facesynth submit</c>.</summary>
internal static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/health", async (ServerRuntime rt, CancellationToken ct) =>
            Json(new { status = "ok", challenge = rt.Challenge.Definition.Id, submissions = await rt.Store.CountByStatusAsync(ct) }));
        api.MapGet("/challenge", (ServerRuntime rt) => Json(ChallengeView(rt)));
        api.MapPost("/teams", RegisterAsync);
        api.MapGet("/me", async (HttpContext ctx, ServerRuntime rt) =>
        {
            var caller = await rt.Callers.ResolveAsync(ctx);
            return caller.Team is { } t ? Json(new { team = new { t.Id, t.Name, t.IsOrganiser } }) : Unauthorized(caller);
        });
        api.MapGet("/leaderboards/{task}/{subtask}", LeaderboardAsync);
        api.MapGet("/benchmarks/{id}/pairs", (ServerRuntime rt, string id) =>
            rt.Challenge.Benchmarks.TryGetValue(id, out var b)
                ? Results.File(b.PublishedPairs, "text/plain; charset=utf-8", id + ".pairs.txt")
                : Error(404, $"no benchmark '{id}'"));
        api.MapGet("/example-submission", (ServerRuntime rt) => rt.Challenge.ExampleSubmission is { } z
            ? Results.File(z, "application/zip", "example-submission.zip")
            : Error(404, "this challenge has no example submission"));
        api.MapPost("/submissions", SubmitAsync);
        api.MapGet("/submissions", async (HttpContext ctx, ServerRuntime rt, CancellationToken ct) =>
        {
            var caller = await rt.Callers.ResolveAsync(ctx);
            if (caller.Team is null)
            {
                return Unauthorized(caller);
            }

            var list = await rt.Store.ListAsync(rt.Challenge.Definition.Id, caller.IsOrganiser ? null : caller.Team.Id, ct);
            return Json(list.Select(s => SubmissionView(s, null, null)));
        });
        api.MapGet("/submissions/{id:long}", async (HttpContext ctx, ServerRuntime rt, long id, CancellationToken ct) =>
        {
            var caller = await rt.Callers.ResolveAsync(ctx);
            if (caller.InvalidKey)
            {
                return Unauthorized(caller);
            }

            var s = await rt.Store.GetAsync(id, ct);
            if (s is null || !Access.CanSee(caller, s))
            {
                return Error(404, $"no submission #{id} that you may see");
            }

            var events = await rt.Store.EventsAsync(id, ct);
            return Json(SubmissionView(s, s.Status == SubmissionStatus.Scored ? rt.Leaderboards.Result(s) : null, events));
        });
        api.MapGet("/submissions/{id:long}/plots/{kind}.{ext}", PlotAsync);

        var org = api.MapGroup("/organiser");
        org.MapGet("/teams", async (HttpContext ctx, ServerRuntime rt, CancellationToken ct) =>
            await OrganiserAsync(ctx, rt) is { } denied ? denied : Json(await rt.Store.ListTeamsAsync(ct)));
        org.MapGet("/status", async (HttpContext ctx, ServerRuntime rt, CancellationToken ct) =>
            await OrganiserAsync(ctx, rt) is { } denied ? denied : Json(await rt.Store.CountByStatusAsync(ct)));
        org.MapPost("/rescore", async (HttpContext ctx, ServerRuntime rt, long? submission, CancellationToken ct) =>
        {
            if (await OrganiserAsync(ctx, rt) is { } denied)
            {
                return denied;
            }

            int n = await rt.Store.RequeueAsync(rt.Challenge.Definition.Id, submission, ct);
            rt.Leaderboards.Invalidate();
            rt.SignalQueue();
            return Json(new { requeued = n });
        });
        org.MapPost("/submissions/{id:long}/publish", async (HttpContext ctx, ServerRuntime rt, long id, bool? published, CancellationToken ct) =>
        {
            if (await OrganiserAsync(ctx, rt) is { } denied)
            {
                return denied;
            }

            if (!await rt.Store.PublishAsync(id, published ?? true, ct))
            {
                return Error(404, $"no submission #{id}");
            }

            rt.Leaderboards.Invalidate();
            return Json(new { id, published = published ?? true });
        });
    }

    /// <summary>401 for a bad or missing key, 403 for a participant; null for the organiser.</summary>
    public static async Task<IResult?> OrganiserAsync(HttpContext ctx, ServerRuntime rt)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        if (caller.IsOrganiser)
        {
            return null;
        }

        return caller.Team is null ? Unauthorized(caller) : Error(403, "organiser only");
    }

    public static IResult Json(object value, int status = 200) => new JsonBytes(JsonSerializer.SerializeToUtf8Bytes(value, ServerJson.Options), status);

    public static IResult Error(int status, string message) => Json(new { error = message }, status);

    public static IResult Unauthorized(Caller caller) =>
        Error(401, caller.InvalidKey ? "the API key is not valid" : "authentication required: send 'Authorization: Bearer <API key>'");

    public static object ChallengeView(ServerRuntime rt)
    {
        var c = rt.Challenge;
        var d = c.Definition;
        var now = DateTimeOffset.UtcNow;
        return new
        {
            d.Id,
            d.Title,
            d.Description,
            d.Demo,
            d.Limits,
            Phases = d.Phases.Select(p => new { p.Id, p.Title, p.Start, p.End, p.PublicLeaderboard, Open = p.IsOpen(now) }),
            Tasks = d.Tasks.Select(t => new
            {
                t.Id,
                t.Title,
                t.Description,
                t.Ranking,
                t.Benchmarks,
                Subtasks = t.Subtasks.Select(s => new { s.Id, s.Title, s.Description, Leaderboard = $"/api/leaderboards/{Uri.EscapeDataString(t.Id)}/{Uri.EscapeDataString(s.Id)}" }),
            }),
            Benchmarks = d.Benchmarks.Select(b => new
            {
                b.Id,
                b.Title,
                b.Description,
                b.Protocol,
                FarTarget = b.ParsedProtocol == Definitions.BenchmarkProtocol.TarAtFar ? b.FarTarget : (double?)null,
                Pairs = c.Benchmarks[b.Id].Truth.Count,
                b.Attribute,
                PairsUrl = $"/api/benchmarks/{Uri.EscapeDataString(b.Id)}/pairs",
                SubmissionFile = b.Id + ".txt",
            }),
            ExampleSubmissionUrl = c.ExampleSubmission is null ? null : "/api/example-submission",
        };
    }

    public static object SubmissionView(Submission s, Scoring.SubmissionResult? result, List<SubmissionEvent>? events) => new
    {
        s.Id,
        Team = s.TeamName,
        s.Task,
        s.Subtask,
        s.Phase,
        s.CreatedAt,
        s.Status,
        s.Message,
        s.ServerFault,
        s.Description,
        s.TrainingData,
        s.SyntheticImages,
        s.SyntheticIdentities,
        s.RealImages,
        s.RealIdentities,
        s.UploadBytes,
        s.Published,
        s.ScoredAt,
        s.RankingMetric,
        Result = result,
        Events = events,
        Url = $"/submissions/{s.Id}",
    };

    private static async Task<IResult> RegisterAsync(HttpContext ctx, ServerRuntime rt, CancellationToken ct)
    {
        TeamForm? form;
        try
        {
            form = await JsonSerializer.DeserializeAsync<TeamForm>(ctx.Request.Body, ServerJson.Options, ct);
        }
        catch (JsonException e)
        {
            return Error(400, $"expected JSON {{\"name\": ..., \"email\": ..., \"members\": ...}}: {e.Message}");
        }

        if (form is null || TeamForm.Validate(form.Name, form.Email, form.Members) is { } problem)
        {
            return Error(400, form is null ? "expected a JSON body" : TeamForm.Validate(form.Name, form.Email, form.Members)!);
        }

        try
        {
            var (team, key) = await rt.Store.CreateTeamAsync(form.Name!.Trim(), form.Email!.Trim(), form.Members?.Trim() ?? "", ct: ct);
            return Json(new { team = new { team.Id, team.Name }, apiKey = key, note = "The API key is shown only now; store it safely. Send it as 'Authorization: Bearer <key>'." }, 201);
        }
        catch (InvalidOperationException e)
        {
            return Error(409, e.Message);
        }
    }

    private static async Task<IResult> LeaderboardAsync(HttpContext ctx, ServerRuntime rt, string task, string subtask, string? phase, bool? all, string? format, CancellationToken ct)
    {
        var (t, s, p) = Access.Board(rt, task, subtask, phase);
        if (t is null || s is null || p is null)
        {
            return Error(404, $"no leaderboard {task}/{subtask}{(phase is null ? "" : " in phase " + phase)}");
        }

        if (!p.PublicLeaderboard)
        {
            var caller = await rt.Callers.ResolveAsync(ctx);
            if (!Access.CanSeeBoard(caller, p))
            {
                return Error(403, $"the leaderboard of phase '{p.Id}' is hidden until the organiser publishes the results");
            }
        }

        var board = await rt.Leaderboards.GetAsync(t, s.Id, p.Id, all ?? false, ct);
        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? Results.Text(board.Csv, "text/csv; charset=utf-8")
            : new JsonBytes(board.Json, 200);
    }

    private static async Task<IResult> SubmitAsync(HttpContext ctx, ServerRuntime rt)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        if (caller.Team is null)
        {
            return Unauthorized(caller);
        }

        var outcome = await SubmissionIntake.HandleAsync(ctx, rt, caller);
        return Json(new
        {
            id = outcome.SubmissionId,
            status = outcome.Status,
            message = outcome.Message,
            url = outcome.SubmissionId is { } id ? $"/api/submissions/{id.ToString(CultureInfo.InvariantCulture)}" : null,
            error = outcome.StatusCode >= 400 ? outcome.Message : null,
        }, outcome.StatusCode);
    }

    internal static async Task<IResult> PlotAsync(HttpContext ctx, ServerRuntime rt, PlotCache plots, long id, string kind, string ext, CancellationToken ct)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        var s = await rt.Store.GetAsync(id, ct);
        if (s is null || !Access.CanSee(caller, s) || s.Status != SubmissionStatus.Scored || kind is not ("roc" or "det") || ext is not ("svg" or "png"))
        {
            return Error(404, "no such plot");
        }

        var image = plots.Get(rt, s, kind);
        return ext == "svg" ? Results.Text(image.Svg, "image/svg+xml; charset=utf-8") : Results.Bytes(image.Png, "image/png");
    }
}

/// <summary>Pre-serialised JSON with a status code.</summary>
/// <param name="Body">UTF-8 JSON.</param>
/// <param name="Status">HTTP status.</param>
internal sealed record JsonBytes(byte[] Body, int Status) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = Status;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = Body.Length;
        return httpContext.Response.Body.WriteAsync(Body).AsTask();
    }
}

/// <summary>Team registration fields (API JSON and the web form).</summary>
/// <param name="Name">Team name.</param>
/// <param name="Email">Contact e-mail.</param>
/// <param name="Members">Members, free text.</param>
internal sealed record TeamForm(string? Name, string? Email, string? Members)
{
    /// <summary>The first problem with the fields, or null when they are acceptable.</summary>
    public static string? Validate(string? name, string? email, string? members)
    {
        name = name?.Trim();
        email = email?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length is < 2 or > 64 || name.Any(char.IsControl))
        {
            return "team name: 2 to 64 characters, no control characters";
        }

        if (name.StartsWith("[demo]", StringComparison.OrdinalIgnoreCase) || name.Equals("organiser", StringComparison.OrdinalIgnoreCase))
        {
            return "team name: this name is reserved";
        }

        if (string.IsNullOrEmpty(email) || email.Length > 254 || email.IndexOf('@', StringComparison.Ordinal) is < 1 || email.Any(char.IsWhiteSpace))
        {
            return "contact e-mail: a valid address is required";
        }

        return members is { Length: > 2000 } ? "members: at most 2000 characters" : null;
    }
}
