using System.Text;
using FaceSynth.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static FaceSynth.Server.Web.Html;

namespace FaceSynth.Server.Web;

/// <summary>Registration, log-in with the API key (sets a session cookie) and log-out.</summary>
internal static class AccountPages
{
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(7);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/register", async (HttpContext ctx, ServerRuntime rt) =>
            PageEndpoints.Page(rt, await rt.Callers.ResolveAsync(ctx), "Register a team", RegisterForm(null, null, null, null)));
        app.MapPost("/register", RegisterAsync);
        app.MapGet("/login", async (HttpContext ctx, ServerRuntime rt) =>
            PageEndpoints.Page(rt, await rt.Callers.ResolveAsync(ctx), "Log in", LoginForm(null)));
        app.MapPost("/login", LoginAsync);
        app.MapPost("/logout", async (HttpContext ctx, ServerRuntime rt) =>
        {
            if (ctx.Request.Cookies.TryGetValue(CallerResolver.CookieName, out var token) && !string.IsNullOrEmpty(token))
            {
                await rt.Store.DeleteSessionAsync(token, ctx.RequestAborted);
                rt.Callers.Forget(token);
            }

            ctx.Response.Cookies.Delete(CallerResolver.CookieName);
            return Results.Redirect("/", permanent: false, preserveMethod: false);
        });
    }

    /// <summary>Rejects cross-site form posts (defence in depth besides the SameSite=Strict cookie).</summary>
    public static bool IsCrossSite(HttpContext ctx)
    {
        var origin = ctx.Request.Headers.Origin.ToString();
        return origin.Length > 0 && origin != "null" && (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || !string.Equals(o.Authority, ctx.Request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    public static void SetSessionCookie(HttpContext ctx, string token) =>
        ctx.Response.Cookies.Append(CallerResolver.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = ctx.Request.IsHttps,
            Path = "/",
            MaxAge = SessionLifetime,
            IsEssential = true,
        });

    private static async Task<IResult> RegisterAsync(HttpContext ctx, ServerRuntime rt)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        if (IsCrossSite(ctx) || !ctx.Request.HasFormContentType)
        {
            return PageEndpoints.Message(rt, caller, 400, "Register a team", "Use the registration form.");
        }

        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        string name = form["name"].ToString(), email = form["email"].ToString(), members = form["members"].ToString();
        if (TeamForm.Validate(name, email, members) is { } problem)
        {
            return PageEndpoints.Page(rt, caller, "Register a team", RegisterForm(problem, name, email, members), 400);
        }

        try
        {
            var (team, key) = await rt.Store.CreateTeamAsync(name.Trim(), email.Trim(), members.Trim(), ct: ctx.RequestAborted);
            SetSessionCookie(ctx, await rt.Store.CreateSessionAsync(team.Id, SessionLifetime, ctx.RequestAborted));
            var body = new StringBuilder();
            body.Append("<p role=\"status\">Team <strong>").Append(E(team.Name)).Append("</strong> is registered and you are signed in.</p>");
            body.Append("<h2>Your API key</h2><p><strong>This is the only time the key is shown.</strong> Copy it now; the server keeps only a salted hash of it. ")
                .Append("Use it to log in again and with <code>facesynth submit --key KEY</code> or the <code>FACESYNTH_API_KEY</code> variable.</p>");
            body.Append("<p class=\"key\" id=\"api-key\">").Append(E(key)).Append("</p>");
            body.Append("<p><a href=\"/submit\">Make a submission</a></p>");
            return PageEndpoints.Page(rt, new Caller(team, true), "Team registered", body.ToString(), 201);
        }
        catch (InvalidOperationException e)
        {
            return PageEndpoints.Page(rt, caller, "Register a team", RegisterForm(e.Message, name, email, members), 409);
        }
    }

    private static async Task<IResult> LoginAsync(HttpContext ctx, ServerRuntime rt)
    {
        var caller = await rt.Callers.ResolveAsync(ctx);
        if (IsCrossSite(ctx) || !ctx.Request.HasFormContentType)
        {
            return PageEndpoints.Message(rt, caller, 400, "Log in", "Use the log-in form.");
        }

        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var team = await rt.Store.FindByApiKeyAsync(form["key"].ToString().Trim(), ctx.RequestAborted);
        if (team is null)
        {
            return PageEndpoints.Page(rt, caller, "Log in", LoginForm("That API key is not valid."), 401);
        }

        SetSessionCookie(ctx, await rt.Store.CreateSessionAsync(team.Id, SessionLifetime, ctx.RequestAborted));
        return Results.Redirect(team.IsOrganiser ? "/organiser" : "/submissions", permanent: false, preserveMethod: false);
    }

    private static string RegisterForm(string? error, string? name, string? email, string? members)
    {
        var sb = new StringBuilder();
        if (error is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>");
        }

        sb.Append("<form class=\"stack\" method=\"post\" action=\"/register\">");
        sb.Append("<label for=\"name\">Team name</label><input type=\"text\" id=\"name\" name=\"name\" required minlength=\"2\" maxlength=\"64\" value=\"").Append(E(name)).Append("\">");
        sb.Append("<label for=\"email\">Contact e-mail <span class=\"hint\">Seen only by the organiser.</span></label><input type=\"email\" id=\"email\" name=\"email\" required maxlength=\"254\" value=\"").Append(E(email)).Append("\">");
        sb.Append("<label for=\"members\">Members <span class=\"hint\">Names and affiliations; seen only by the organiser.</span></label><textarea id=\"members\" name=\"members\" rows=\"3\" maxlength=\"2000\">").Append(E(members)).Append("</textarea>");
        sb.Append("<button type=\"submit\">Register</button></form>");
        return sb.ToString();
    }

    private static string LoginForm(string? error)
    {
        var sb = new StringBuilder();
        if (error is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>");
        }

        sb.Append("<form class=\"stack\" method=\"post\" action=\"/login\"><label for=\"key\">API key <span class=\"hint\">The key shown when your team registered.</span></label>");
        sb.Append("<input type=\"password\" id=\"key\" name=\"key\" required autocomplete=\"current-password\"><button type=\"submit\">Log in</button></form>");
        return sb.ToString();
    }
}
