using FaceSynth.Server.Data;
using FaceSynth.Server.Definitions;
using FaceSynth.Server.Security;

namespace FaceSynth.Server.Web;

/// <summary>The authorisation rules, in one place (CHALLENGE.md "Isolation").</summary>
internal static class Access
{
    /// <summary>A submission is visible to its team, to the organiser, and to everyone once published.</summary>
    public static bool CanSee(Caller caller, Submission s) =>
        caller.IsOrganiser || s.Published || (caller.Team is { } t && t.Id == s.TeamId);

    /// <summary>A leaderboard is visible to everyone in a public phase, and to the organiser only in a hidden one.</summary>
    public static bool CanSeeBoard(Caller caller, PhaseDefinition phase) => phase.PublicLeaderboard || caller.IsOrganiser;

    /// <summary>Resolves a task, sub-task and phase from route and query values; null parts when unknown.</summary>
    public static (TaskDefinition? Task, SubtaskDefinition? Subtask, PhaseDefinition? Phase) Board(ServerRuntime rt, string task, string subtask, string? phase)
    {
        var t = rt.Challenge.Task(task);
        var s = t?.Subtasks.FirstOrDefault(x => x.Id == subtask);
        var p = string.IsNullOrEmpty(phase) ? rt.Challenge.CurrentPhase(DateTimeOffset.UtcNow) : rt.Challenge.Phase(phase);
        return (t, s, p);
    }
}
