using System.Globalization;
using System.Text;
using FaceSynth.Server.Data;
using FaceSynth.Server.Scoring;
using FaceSynth.Server.Security;
using FaceSynth.Server.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static FaceSynth.Server.Web.Html;

namespace FaceSynth.Server.Web;

/// <summary>The submission form, the team's submission list and the submission page with scores and plots.</summary>
internal static class SubmissionPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/submit", SubmitFormAsync);
        app.MapPost("/submit", SubmitAsync);
        app.MapGet("/submissions", ListAsync);
        app.MapGet("/submissions/{id:long}", DetailAsync);
        app.MapGet("/submissions/{id:long}/{kind}.{ext}", ApiEndpoints.PlotAsync);
    }

    private static async Task<IResult> SubmitFormAsync(HttpContext ctx, ServerRuntime rt, string? task)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        if (!caller.IsParticipant)
        {
            return caller.IsOrganiser
                ? PageEndpoints.Message(rt, caller, 403, "Submit", "The organiser account cannot submit; register a team.")
                : Results.Redirect("/login");
        }

        return PageEndpoints.Page(rt, caller, "Submit", Form(rt, task, null));
    }

    private static async Task<IResult> SubmitAsync(HttpContext ctx, ServerRuntime rt)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        if (AccountPages.IsCrossSite(ctx))
        {
            return PageEndpoints.Message(rt, caller, 403, "Submit", "Cross-site form posts are not accepted.");
        }

        var outcome = await SubmissionIntake.HandleAsync(ctx, rt, caller);
        if (outcome.SubmissionId is { } id)
        {
            return Results.Redirect($"/submissions/{id.ToString(CultureInfo.InvariantCulture)}", permanent: false, preserveMethod: false);
        }

        if (outcome.StatusCode == 401)
        {
            return Results.Redirect("/login");
        }

        return PageEndpoints.Page(rt, caller, "Submit", Form(rt, null, outcome.Message), outcome.StatusCode);
    }

    private static async Task<IResult> ListAsync(HttpContext ctx, ServerRuntime rt)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        if (caller.Team is null)
        {
            return Results.Redirect("/login");
        }

        var list = await rt.Store.ListAsync(rt.Challenge.Definition.Id, caller.IsOrganiser ? null : caller.Team.Id, ctx.RequestAborted);
        var sb = new StringBuilder();
        sb.Append("<table><caption>").Append(caller.IsOrganiser ? "All submissions" : $"Submissions of {E(caller.Team.Name)}").Append("</caption><thead><tr>")
          .Append("<th scope=\"col\">Submission</th><th scope=\"col\">Task</th><th scope=\"col\">Sub-task</th><th scope=\"col\">Submitted</th><th scope=\"col\">Status</th><th scope=\"col\">Ranking metric</th><th scope=\"col\">Message</th></tr></thead><tbody>");
        if (list.Count == 0)
        {
            sb.Append("<tr><td colspan=\"7\">No submissions yet. <a href=\"/submit\">Submit</a>.</td></tr>");
        }

        foreach (var s in list)
        {
            sb.Append("<tr><th scope=\"row\"><a href=\"/submissions/").Append(s.Id).Append("\">#").Append(s.Id).Append("</a></th><td>").Append(E(s.Task)).Append("</td><td>")
              .Append(E(s.Subtask)).Append("</td><td>").Append(T(s.CreatedAt)).Append("</td><td class=\"status-").Append(E(s.Status)).Append("\">").Append(E(s.Status))
              .Append("</td><td class=\"num\">").Append(N(s.RankingMetric)).Append("</td><td>").Append(E(s.Message)).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
        bool pending = list.Any(s => s.Status is SubmissionStatus.Queued or SubmissionStatus.Scoring);
        return PageEndpoints.Page(rt, caller, "Submissions", sb.ToString(), refresh: pending ? 3 : null);
    }

    private static async Task<IResult> DetailAsync(HttpContext ctx, ServerRuntime rt, long id)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        var s = await rt.Store.GetAsync(id, ctx.RequestAborted);
        if (s is null || !Access.CanSee(caller, s))
        {
            return PageEndpoints.Message(rt, caller, 404, "Not found", $"There is no submission #{id} that you may see.");
        }

        var task = rt.Challenge.Task(s.Task);
        var sb = new StringBuilder();
        sb.Append("<p>Status: <strong class=\"status-").Append(E(s.Status)).Append("\" id=\"status\">").Append(E(s.Status)).Append("</strong>");
        if (s.Status is SubmissionStatus.Queued or SubmissionStatus.Scoring)
        {
            sb.Append(" — this page refreshes itself until the submission is scored.");
        }

        sb.Append("</p>");
        if (s.Message is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\" id=\"message\">").Append(E(s.Message)).Append("</p>");
        }

        sb.Append("<table><caption>Submission</caption><tbody>");
        Row(sb, "Team", E(s.TeamName));
        Row(sb, "Task", task is null ? E(s.Task) : $"<a href=\"/tasks/{U(task.Id)}\">{E(task.Title)}</a>");
        Row(sb, "Sub-task", $"<a href=\"/leaderboard/{U(s.Task)}/{U(s.Subtask)}?phase={U(s.Phase)}\">{E(task?.Subtasks.FirstOrDefault(x => x.Id == s.Subtask)?.Title ?? s.Subtask)}</a> (leaderboard)");
        Row(sb, "Phase", E(s.Phase));
        Row(sb, "Submitted", T(s.CreatedAt));
        Row(sb, "Method", E(s.Description));
        Row(sb, "Training data", E(s.TrainingData));
        Row(sb, "Synthetic images / identities", $"{Count(s.SyntheticImages)} / {Count(s.SyntheticIdentities)}");
        Row(sb, "Real images / identities", $"{Count(s.RealImages)} / {Count(s.RealIdentities)}");
        Row(sb, "Page", s.Published ? "public" : "visible to your team and the organiser only");
        sb.Append("</tbody></table>");

        if (s.Status == SubmissionStatus.Scored)
        {
            Scores(sb, s, rt.Leaderboards.Result(s));
        }

        if (caller.IsOrganiser)
        {
            sb.Append("<h2>Organiser</h2><form class=\"inline\" method=\"post\" action=\"/organiser/submissions/").Append(s.Id).Append("/publish\"><input type=\"hidden\" name=\"published\" value=\"")
              .Append(s.Published ? "false" : "true").Append("\"><button type=\"submit\">").Append(s.Published ? "Unpublish" : "Publish").Append(" this page</button></form> ");
            sb.Append("<form class=\"inline\" method=\"post\" action=\"/organiser/rescore\"><input type=\"hidden\" name=\"submission\" value=\"").Append(s.Id).Append("\"><button type=\"submit\">Re-score</button></form>");
        }

        bool pending = s.Status is SubmissionStatus.Queued or SubmissionStatus.Scoring;
        return PageEndpoints.Page(rt, caller, $"Submission #{s.Id}", sb.ToString(), refresh: pending ? 2 : null);
    }

    private static void Scores(StringBuilder sb, Submission s, SubmissionResult r)
    {
        sb.Append("<h2>Scores</h2><p><strong>").Append(E(r.RankingMetricName)).Append(": <span id=\"ranking-metric\">").Append(N(r.RankingMetric)).Append("</span></strong>");
        if (r.GroupMean is not null)
        {
            sb.Append(" (AVG ").Append(N(r.GroupMean)).Append(", SD ").Append(N(r.GroupStd)).Append(')');
        }

        sb.Append("</p><table><caption>Per benchmark</caption><thead><tr><th scope=\"col\">Benchmark</th><th scope=\"col\">Metric</th><th scope=\"col\">Value</th><th scope=\"col\">Std over folds</th>")
          .Append("<th scope=\"col\">EER (%)</th><th scope=\"col\">FNMR at FMR 1% (%)</th><th scope=\"col\">Pairs (genuine / impostor)</th><th scope=\"col\">TO (%)</th></tr></thead><tbody>");
        foreach (var b in r.Benchmarks)
        {
            sb.Append("<tr><th scope=\"row\">").Append(E(b.Benchmark)).Append("</th><td>").Append(E(b.MetricName)).Append("</td><td class=\"num\">").Append(N(b.Metric))
              .Append("</td><td class=\"num\">").Append(N(b.MetricStd)).Append("</td><td class=\"num\">").Append(N(b.Eer)).Append("</td><td class=\"num\">").Append(N(b.FnmrAtFmr1))
              .Append("</td><td class=\"num\">").Append(b.Genuine).Append(" / ").Append(b.Impostor).Append("</td><td class=\"num\">").Append(N(b.TradeOff)).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
        foreach (var b in r.Benchmarks.Where(b => b.Groups.Count > 0))
        {
            sb.Append("<table><caption>").Append(E(b.Benchmark)).Append(": per demographic group (FMR and FNMR at the one threshold with FMR 0.1% over all impostors, ")
              .Append(N(b.GroupThreshold, 4)).Append(")</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Pairs</th><th scope=\"col\">Accuracy (%)</th><th scope=\"col\">FMR (%)</th><th scope=\"col\">FNMR (%)</th></tr></thead><tbody>");
            foreach (var g in b.Groups)
            {
                sb.Append("<tr><th scope=\"row\">").Append(E(g.Group)).Append("</th><td class=\"num\">").Append(g.Pairs).Append("</td><td class=\"num\">").Append(N(g.Accuracy))
                  .Append("</td><td class=\"num\">").Append(N(g.Fmr)).Append("</td><td class=\"num\">").Append(N(g.Fnmr)).Append("</td></tr>");
            }

            sb.Append("</tbody></table>");
        }

        string best = string.Join(", ", r.Benchmarks.Select(b => $"{b.Benchmark} EER {N(b.Eer, 2)}%"));
        foreach (var (kind, name) in new[] { ("roc", "ROC"), ("det", "DET") })
        {
            sb.Append("<figure><img src=\"/submissions/").Append(s.Id).Append('/').Append(kind).Append(".svg\" width=\"720\" height=\"540\" alt=\"").Append(name)
              .Append(" curves of submission ").Append(s.Id).Append(", one per benchmark (").Append(E(best)).Append(")\"><figcaption>").Append(name)
              .Append(" curves (bob.measure, 100 points). <a href=\"/submissions/").Append(s.Id).Append('/').Append(kind).Append(".png\">PNG</a></figcaption></figure>");
        }
    }

    private static string Form(ServerRuntime rt, string? task, string? error)
    {
        var d = rt.Challenge.Definition;
        var sb = new StringBuilder();
        if (error is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>");
        }

        var t = rt.Challenge.Task(task);
        if (t is null)
        {
            sb.Append("<p>Choose a task:</p><ul>");
            foreach (var x in d.Tasks)
            {
                sb.Append("<li><a href=\"/submit?task=").Append(U(x.Id)).Append("\">").Append(E(x.Title)).Append("</a> — files: ")
                  .Append(E(string.Join(", ", x.Benchmarks.Select(b => b + ".txt")))).Append("</li>");
            }

            sb.Append("</ul>");
            return sb.ToString();
        }

        var l = d.Limits;
        sb.Append("<p>Task: <strong>").Append(E(t.Title)).Append("</strong>. Upload one score file per benchmark (")
          .Append(E(string.Join(", ", t.Benchmarks.Select(b => b + ".txt")))).Append("), or one zip holding them. Each file has one similarity score per line, in the order of the benchmark's pair list. ")
          .Append("At most ").Append(E(UploadReader.FormatBytes(l.MaxUploadBytes))).Append(" per submission, ").Append(l.PerDay).Append(" submissions per day.</p>");
        sb.Append("<form class=\"stack\" method=\"post\" action=\"/submit\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"task\" value=\"").Append(E(t.Id)).Append("\">");
        sb.Append("<label for=\"subtask\">Sub-task (training-data regime)</label><select id=\"subtask\" name=\"subtask\">");
        foreach (var s in t.Subtasks)
        {
            sb.Append("<option value=\"").Append(E(s.Id)).Append("\">").Append(E(s.Title)).Append("</option>");
        }

        sb.Append("</select>");
        sb.Append("<label for=\"description\">Method <span class=\"hint\">A short description of the model and how it was trained.</span></label><textarea id=\"description\" name=\"description\" rows=\"3\" maxlength=\"4000\"></textarea>");
        sb.Append("<label for=\"trainingData\">Training data <span class=\"hint\">Datasets used, synthetic generator, etc.</span></label><input type=\"text\" id=\"trainingData\" name=\"trainingData\" maxlength=\"2000\">");
        foreach (var (name, label) in new[] { ("syntheticImages", "Synthetic images"), ("syntheticIdentities", "Synthetic identities"), ("realImages", "Real images"), ("realIdentities", "Real identities") })
        {
            sb.Append("<label for=\"").Append(name).Append("\">").Append(label).Append(" <span class=\"hint\">A whole number, or empty.</span></label><input type=\"text\" inputmode=\"numeric\" id=\"")
              .Append(name).Append("\" name=\"").Append(name).Append("\">");
        }

        sb.Append("<label for=\"files\">Score files or a zip</label><input type=\"file\" id=\"files\" name=\"files\" multiple required accept=\".txt,.csv,.zip\">");
        sb.Append("<button type=\"submit\">Submit</button></form>");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string header, string html) =>
        sb.Append("<tr><th scope=\"row\">").Append(E(header)).Append("</th><td>").Append(html).Append("</td></tr>");

    private static string Count(long? v) => v?.ToString("N0", CultureInfo.InvariantCulture) ?? "—";
}
