using FaceSynth.Server.Scoring;
using FaceSynth.Server.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaceSynth.Server;

/// <summary>Builds and runs the challenge server (used by <c>facesynth serve</c>, the tests and the load test).</summary>
public static class ServerHost
{
    /// <summary>
    /// Builds the web application. <paramref name="options"/>, when given, override the <c>FaceSynth</c> configuration
    /// section (command-line arguments <c>--FaceSynth:Key=value</c>, environment <c>FaceSynth__Key</c>).
    /// </summary>
    public static WebApplication Build(string[] args, ServerOptions? options = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (options is not null)
        {
            builder.Configuration.AddInMemoryCollection(options.ToConfiguration());
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Microsoft.Hosting", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        if (builder.Configuration[$"{ServerOptions.Section}:Urls"] is { Length: > 0 } urls)
        {
            builder.WebHost.UseUrls(urls);
        }

        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        var services = builder.Services;
        services.AddSingleton(sp => ServerOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<ServerRuntime>();
        services.AddSingleton<PlotCache>();
        services.AddHostedService<ServerStartup>();
        services.AddHostedService<ScoringService>();
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(f =>
        {
            f.ValueLengthLimit = 16 * 1024;
            f.ValueCountLimit = 64;
        });

        var app = builder.Build();
        app.UseExceptionHandler(error => error.Run(async ctx =>
        {
            ctx.Response.StatusCode = 500;
            ctx.Response.ContentType = "application/json; charset=utf-8";
            await ctx.Response.WriteAsync("{\"error\":\"internal server error; the organiser can see the log\"}").ConfigureAwait(false);
        }));
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            h["Referrer-Policy"] = "same-origin";
            await next(ctx).ConfigureAwait(false);
        });
        ApiEndpoints.Map(app);
        PageEndpoints.Map(app);
        AccountPages.Map(app);
        SubmissionPages.Map(app);
        OrganiserPages.Map(app);
        return app;
    }

    /// <summary>The addresses the server listens on (after start).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
    }

    /// <summary>The runtime of a built application.</summary>
    public static ServerRuntime Runtime(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<ServerRuntime>();
    }
}
