namespace FaceSynth.Metrics.Pyeer;

/// <summary>
/// A pyeer operating point: the curve entry nearest to a target rate (it may lie above the target).
/// For the FMR points (ZeroFMR, FMR1000, ...) <see cref="Value"/> is the FNMR there; for ZeroFNMR it is the FMR.
/// </summary>
/// <param name="Name">pyeer's name, e.g. <c>FMR1000</c>.</param>
/// <param name="Target">Target rate (0, 1e-3, ...).</param>
/// <param name="Index">Index into the curve.</param>
/// <param name="Threshold">Threshold at that index.</param>
/// <param name="AchievedRate">The FMR (resp. FNMR) actually attained at that index.</param>
/// <param name="Value">The other rate at that index (the reported value).</param>
public sealed record PyeerOperatingPoint(string Name, double Target, int Index, double Threshold, double AchievedRate, double Value);
