using System.Text;
using FaceSynth.Server.Definitions;
using FaceSynth.Server.Ranking;
using FaceSynth.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static FaceSynth.Server.Web.Html;

namespace FaceSynth.Server.Web;

/// <summary>Public pages: home, task descriptions, leaderboards and downloads.</summary>
internal static class PageEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", HomeAsync);
        app.MapGet("/tasks/{task}", TaskAsync);
        app.MapGet("/leaderboard/{task}/{subtask}", LeaderboardAsync);
        app.MapGet("/downloads/example-submission.zip", (ServerRuntime rt) => rt.Challenge.ExampleSubmission is { } z
            ? Results.File(z, "application/zip", "example-submission.zip")
            : Results.NotFound());
        app.MapGet("/downloads/{file}", (ServerRuntime rt, string file) =>
            file.EndsWith(".pairs.txt", StringComparison.Ordinal) && rt.Challenge.Benchmarks.TryGetValue(file[..^".pairs.txt".Length], out var b)
                ? Results.File(b.PublishedPairs, "text/plain; charset=utf-8", file)
                : Results.NotFound());
    }

    public static IResult Page(ServerRuntime rt, Caller caller, string title, string body, int status = 200, int? refresh = null) =>
        Results.Content(Html.Page(rt, caller, title, body, refresh), "text/html; charset=utf-8", Encoding.UTF8, status);

    public static IResult Message(ServerRuntime rt, Caller caller, int status, string title, string message) =>
        Page(rt, caller, title, $"<p class=\"error\" role=\"alert\">{E(message)}</p>", status);

    private static async Task<IResult> HomeAsync(HttpContext ctx, ServerRuntime rt)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        var c = rt.Challenge;
        var d = c.Definition;
        var sb = new StringBuilder();
        sb.Append("<p>").Append(E(d.Description)).Append("</p>");
        var phase = c.OpenPhase(DateTimeOffset.UtcNow);
        sb.Append("<p>").Append(phase is null ? "No phase is open for submissions now." : $"Open phase: <strong>{E(phase.Title)}</strong>.").Append("</p>");
        sb.Append("<h2>Tasks</h2><table><caption>Tasks and their leaderboards</caption><thead><tr><th scope=\"col\">Task</th><th scope=\"col\">Ranking</th><th scope=\"col\">Benchmarks</th><th scope=\"col\">Leaderboards</th></tr></thead><tbody>");
        foreach (var t in d.Tasks)
        {
            sb.Append("<tr><th scope=\"row\"><a href=\"/tasks/").Append(U(t.Id)).Append("\">").Append(E(t.Title)).Append("</a></th><td>").Append(E(RankingText(t))).Append("</td><td>")
              .Append(E(string.Join(", ", t.Benchmarks))).Append("</td><td>");
            foreach (var s in t.Subtasks)
            {
                sb.Append("<a href=\"/leaderboard/").Append(U(t.Id)).Append('/').Append(U(s.Id)).Append("\">").Append(E(s.Title)).Append("</a> ");
            }

            sb.Append("</td></tr>");
        }

        sb.Append("</tbody></table><h2>Getting started</h2><ol>");
        sb.Append("<li><a href=\"/register\">Register a team</a>; you receive an API key once.</li>");
        sb.Append("<li>Download the pair lists of the benchmarks (on each task page)");
        if (c.ExampleSubmission is not null)
        {
            sb.Append(" or the <a href=\"/downloads/example-submission.zip\">example submission</a> (one score file per benchmark, zipped)");
        }

        sb.Append(".</li><li>Submit a file <code>&lt;benchmark&gt;.txt</code> per benchmark of a task (one similarity score per line, in pair-list order), or a zip of them, with the <a href=\"/submit\">form</a> or <code>facesynth submit --server URL --task TASK FILES</code>.</li>");
        sb.Append("<li>Watch the submission being scored and find it on the leaderboard.</li></ol>");
        return PageEndpoints.Page(rt, caller, d.Title, sb.ToString());
    }

    private static async Task<IResult> TaskAsync(HttpContext ctx, ServerRuntime rt, string task)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        var t = rt.Challenge.Task(task);
        if (t is null)
        {
            return Message(rt, caller, 404, "Not found", $"There is no task '{task}'.");
        }

        var sb = new StringBuilder();
        sb.Append("<p>").Append(E(t.Description)).Append("</p><p><strong>Ranking:</strong> ").Append(E(RankingText(t))).Append("</p>");
        sb.Append("<table><caption>Benchmarks of this task</caption><thead><tr><th scope=\"col\">Benchmark</th><th scope=\"col\">Protocol</th><th scope=\"col\">Pairs</th><th scope=\"col\">Demographic attribute</th><th scope=\"col\">Pair list</th><th scope=\"col\">Your file</th></tr></thead><tbody>");
        foreach (var id in t.Benchmarks)
        {
            var b = rt.Challenge.Benchmarks[id];
            sb.Append("<tr><th scope=\"row\">").Append(E(b.Definition.Title)).Append("</th><td>").Append(E(ProtocolText(b.Definition))).Append("</td><td class=\"num\">")
              .Append(b.Truth.Count).Append("</td><td>").Append(E(b.Definition.Attribute ?? "—")).Append("</td><td><a href=\"/downloads/").Append(U(id)).Append(".pairs.txt\">")
              .Append(E(id)).Append(".pairs.txt</a></td><td><code>").Append(E(id)).Append(".txt</code></td></tr>");
        }

        sb.Append("</tbody></table><h2>Leaderboards</h2><ul>");
        foreach (var s in t.Subtasks)
        {
            sb.Append("<li><a href=\"/leaderboard/").Append(U(t.Id)).Append('/').Append(U(s.Id)).Append("\">").Append(E(s.Title)).Append("</a></li>");
        }

        sb.Append("</ul><p><a href=\"/submit?task=").Append(U(t.Id)).Append("\">Submit to this task</a></p>");
        return PageEndpoints.Page(rt, caller, t.Title, sb.ToString());
    }

    private static async Task<IResult> LeaderboardAsync(HttpContext ctx, ServerRuntime rt, string task, string subtask, string? phase, bool? all)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        var (t, s, p) = Access.Board(rt, task, subtask, phase);
        if (t is null || s is null || p is null)
        {
            return Message(rt, caller, 404, "Not found", $"There is no leaderboard {task}/{subtask}.");
        }

        string title = $"Leaderboard: {t.Title} — {s.Title}";
        if (!Access.CanSeeBoard(caller, p))
        {
            return Message(rt, caller, 403, title, $"The leaderboard of phase '{p.Title}' is hidden until the organiser publishes the results.");
        }

        var cached = await rt.Leaderboards.GetAsync(t, s.Id, p.Id, all ?? false, ctx.RequestAborted);
        var board = cached.Board;
        var sb = new StringBuilder();
        string q = $"?phase={U(p.Id)}";
        sb.Append("<p>Phase: <strong>").Append(E(p.Title)).Append("</strong>");
        if (rt.Challenge.Definition.Phases.Count > 1)
        {
            sb.Append(" (other phases: ");
            foreach (var other in rt.Challenge.Definition.Phases.Where(x => x.Id != p.Id))
            {
                sb.Append("<a href=\"?phase=").Append(U(other.Id)).Append("\">").Append(E(other.Title)).Append("</a> ");
            }

            sb.Append(')');
        }

        sb.Append(". ").Append(E(RankingText(t))).Append(" Ties are broken by the next columns, then by the earlier submission.</p><p>");
        sb.Append(board.AllSubmissions
            ? $"Showing every scored submission. <a href=\"{q}\">Show each team's best only</a>."
            : $"Showing each team's best submission. <a href=\"{q}&amp;all=true\">Show every submission</a>.");
        string api = $"/api/leaderboards/{U(t.Id)}/{U(s.Id)}{q}{(board.AllSubmissions ? "&amp;all=true" : "")}";
        sb.Append(" Download: <a href=\"").Append(api).Append("&amp;format=csv\">CSV</a>, <a href=\"").Append(api).Append("\">JSON</a>.</p>");
        sb.Append(Table(board, caller, title));
        return PageEndpoints.Page(rt, caller, title, sb.ToString());
    }

    internal static string Table(Leaderboard board, Caller caller, string caption)
    {
        var sb = new StringBuilder();
        sb.Append("<table id=\"leaderboard\"><caption>").Append(E(caption)).Append(board.Demo ? " (demo data)" : "").Append("</caption><thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">Team</th><th scope=\"col\">Submission</th><th scope=\"col\">Submitted</th>");
        foreach (var c in board.Columns)
        {
            sb.Append("<th scope=\"col\">").Append(E(c.Title)).Append(c.HigherIsBetter ? "" : " <small>(lower is better)</small>").Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        if (board.Rows.Count == 0)
        {
            sb.Append("<tr><td colspan=\"").Append(4 + board.Columns.Count).Append("\">No scored submissions yet.</td></tr>");
        }

        foreach (var r in board.Rows)
        {
            bool visible = caller.IsOrganiser || r.Published || (caller.Team is { } team && team.Name == r.Team);
            sb.Append("<tr><td class=\"num\">").Append(r.Rank).Append("</td><th scope=\"row\">").Append(E(r.Team)).Append("</th><td>")
              .Append(visible ? $"<a href=\"/submissions/{r.SubmissionId}\">#{r.SubmissionId}</a>" : $"#{r.SubmissionId}").Append("</td><td>").Append(T(r.SubmittedAt)).Append("</td>");
            foreach (var v in r.Values)
            {
                sb.Append("<td class=\"num\">").Append(N(v)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    internal static string RankingText(TaskDefinition t) => t.ParsedRanking switch
    {
        RankingRule.FrcsynTradeOff => "FRCSyn trade-off TO = mean - standard deviation of the per-group accuracies (higher is better).",
        RankingRule.Borda => "SDFR Borda count: on each benchmark N - r points for rank r of N entries; most points first.",
        _ => "Mean accuracy over the benchmarks (higher is better).",
    };

    internal static string ProtocolText(BenchmarkDefinition b) => b.ParsedProtocol == BenchmarkProtocol.TarAtFar
        ? $"TAR at FAR {b.FarTarget:0.#####e0}"
        : "10-fold accuracy (insightface)";
}
