using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static FaceSynth.Server.Web.Html;

namespace FaceSynth.Server.Web;

/// <summary>The organiser's pages: queue status, teams, every submission, publication and re-scoring.</summary>
internal static class OrganiserPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/organiser", DashboardAsync);
        app.MapPost("/organiser/rescore", async (HttpContext ctx, ServerRuntime rt) =>
        {
            if (await DenyAsync(ctx, rt) is { } denied)
            {
                return denied;
            }

            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            long? id = long.TryParse(form["submission"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            await rt.Store.RequeueAsync(rt.Challenge.Definition.Id, id, ctx.RequestAborted);
            rt.Leaderboards.Invalidate();
            rt.SignalQueue();
            return Results.Redirect(id is null ? "/organiser" : $"/submissions/{id.Value.ToString(CultureInfo.InvariantCulture)}");
        });
        app.MapPost("/organiser/submissions/{id:long}/publish", async (HttpContext ctx, ServerRuntime rt, long id) =>
        {
            if (await DenyAsync(ctx, rt) is { } denied)
            {
                return denied;
            }

            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            bool published = !string.Equals(form["published"].ToString(), "false", StringComparison.OrdinalIgnoreCase);
            await rt.Store.PublishAsync(id, published, ctx.RequestAborted);
            rt.Leaderboards.Invalidate();
            return Results.Redirect($"/submissions/{id.ToString(CultureInfo.InvariantCulture)}");
        });
    }

    private static async Task<IResult?> DenyAsync(HttpContext ctx, ServerRuntime rt)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        if (!caller.IsOrganiser)
        {
            return caller.Team is null && !caller.InvalidKey
                ? Results.Redirect("/login")
                : PageEndpoints.Message(rt, caller, caller.Team is null ? 401 : 403, "Organiser", "This page is for the organiser only.");
        }

        return AccountPages.IsCrossSite(ctx) || (ctx.Request.Method == "POST" && !ctx.Request.HasFormContentType)
            ? PageEndpoints.Message(rt, caller, 400, "Organiser", "Use the organiser's forms.")
            : null;
    }

    private static async Task<IResult> DashboardAsync(HttpContext ctx, ServerRuntime rt)
    {
        if (await DenyAsync(ctx, rt) is { } denied)
        {
            return denied;
        }

        var caller = await rt.Callers.ResolveAsync(ctx);
        var counts = await rt.Store.CountByStatusAsync(ctx.RequestAborted);
        var teams = await rt.Store.ListTeamsAsync(ctx.RequestAborted);
        var sb = new StringBuilder();
        sb.Append("<p>Queue: ").Append(E(string.Join(", ", counts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Value} {k.Key}")))).Append(".</p>");
        sb.Append("<form method=\"post\" action=\"/organiser/rescore\"><button type=\"submit\">Re-score every submission</button> <span>(after a protocol or truth fix)</span></form>");
        sb.Append("<h2>Leaderboards (all phases, including hidden ones)</h2><ul>");
        foreach (var t in rt.Challenge.Definition.Tasks)
        {
            foreach (var s in t.Subtasks)
            {
                foreach (var p in rt.Challenge.Definition.Phases)
                {
                    sb.Append("<li><a href=\"/leaderboard/").Append(U(t.Id)).Append('/').Append(U(s.Id)).Append("?phase=").Append(U(p.Id)).Append("\">").Append(E($"{t.Title} — {s.Title} — {p.Title}"))
                      .Append("</a>").Append(p.PublicLeaderboard ? "" : " (hidden)").Append("</li>");
                }
            }
        }

        sb.Append("</ul><table><caption>Teams</caption><thead><tr><th scope=\"col\">Team</th><th scope=\"col\">E-mail</th><th scope=\"col\">Members</th><th scope=\"col\">Registered</th></tr></thead><tbody>");
        foreach (var t in teams)
        {
            sb.Append("<tr><th scope=\"row\">").Append(E(t.Name)).Append("</th><td>").Append(E(t.Email)).Append("</td><td>").Append(E(t.Members)).Append("</td><td>").Append(T(t.CreatedAt)).Append("</td></tr>");
        }

        sb.Append("</tbody></table><p><a href=\"/submissions\">All submissions</a></p>");
        return PageEndpoints.Page(rt, caller, "Organiser", sb.ToString());
    }
}
