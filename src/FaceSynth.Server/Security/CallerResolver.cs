using System.Collections.Concurrent;
using FaceSynth.Server.Data;
using Microsoft.AspNetCore.Http;

namespace FaceSynth.Server.Security;

/// <summary>Who is making a request.</summary>
/// <param name="Team">The team (or organiser account); null for an anonymous visitor.</param>
/// <param name="ViaCookie">True when identified by the browser session cookie (forms), false for an API key.</param>
public sealed record Caller(Team? Team, bool ViaCookie)
{
    /// <summary>An anonymous visitor.</summary>
    public static Caller Anonymous { get; } = new(null, false);

    /// <summary>Whether the caller is the organiser.</summary>
    public bool IsOrganiser => Team?.IsOrganiser == true;

    /// <summary>Whether the caller is a participating team.</summary>
    public bool IsParticipant => Team is { IsOrganiser: false };

    /// <summary>True when an API key was presented but is not valid.</summary>
    public bool InvalidKey { get; init; }
}

/// <summary>
/// Identifies callers by <c>Authorization: Bearer &lt;key&gt;</c> (or <c>X-Api-Key</c>) or by the session cookie.
/// Successful look-ups are remembered for a short while so that verification does not hit the database per request.
/// </summary>
public sealed class CallerResolver
{
    /// <summary>Name of the session cookie.</summary>
    public const string CookieName = "fs_session";

    private static readonly TimeSpan Remember = TimeSpan.FromSeconds(30);
    private readonly ChallengeStore _store;
    private readonly ConcurrentDictionary<string, (Team? Team, DateTimeOffset Until)> _recent = new(StringComparer.Ordinal);

    /// <summary>Creates a resolver.</summary>
    public CallerResolver(ChallengeStore store) => _store = store;

    /// <summary>Resolves the caller of <paramref name="context"/> (cached in the request's items).</summary>
    public async Task<Caller> ResolveAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(typeof(Caller), out var cached) && cached is Caller c)
        {
            return c;
        }

        var caller = await ResolveUncachedAsync(context).ConfigureAwait(false);
        context.Items[typeof(Caller)] = caller;
        return caller;
    }

    /// <summary>Forgets a session (logout).</summary>
    public void Forget(string token) => _recent.TryRemove("s:" + ApiKeys.TokenHash(token), out _);

    private async Task<Caller> ResolveUncachedAsync(HttpContext context)
    {
        string? key = null;
        var auth = context.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = auth["Bearer ".Length..].Trim();
        }
        else if (context.Request.Headers.TryGetValue("X-Api-Key", out var x))
        {
            key = x.ToString().Trim();
        }

        if (key is not null)
        {
            // A presented but invalid key is an error, not an anonymous request: the endpoint reports 401.
            var team = await LookupAsync("k:" + ApiKeys.TokenHash(key), () => _store.FindByApiKeyAsync(key, context.RequestAborted)).ConfigureAwait(false);
            return team is null ? new Caller(null, false) { InvalidKey = true } : new Caller(team, false);
        }

        if (context.Request.Cookies.TryGetValue(CookieName, out var token) && !string.IsNullOrEmpty(token))
        {
            var team = await LookupAsync("s:" + ApiKeys.TokenHash(token), () => _store.FindBySessionAsync(token, context.RequestAborted)).ConfigureAwait(false);
            return new Caller(team, team is not null);
        }

        return Caller.Anonymous;
    }

    private async Task<Team?> LookupAsync(string cacheKey, Func<Task<Team?>> load)
    {
        var now = DateTimeOffset.UtcNow;
        if (_recent.TryGetValue(cacheKey, out var hit) && hit.Until > now)
        {
            return hit.Team;
        }

        var team = await load().ConfigureAwait(false);
        if (team is not null)
        {
            if (_recent.Count > 10_000)
            {
                _recent.Clear();
            }

            _recent[cacheKey] = (team, now + Remember);
        }

        return team;
    }
}
