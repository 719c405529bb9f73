namespace FaceSynth.Metrics.Pyeer;

/// <summary>
/// FVC2000 equal error rate (Maio et al. 2002) as pyeer computes it: the interval
/// [<see cref="EerLow"/>, <see cref="EerHigh"/>] around the crossing of FMR and FNMR, and its midpoint.
/// </summary>
/// <param name="Eer">(EERlow + EERhigh) / 2.</param>
/// <param name="EerLow">Lower end of the interval.</param>
/// <param name="EerHigh">Upper end of the interval.</param>
/// <param name="Index">Index into the curve of the chosen threshold.</param>
/// <param name="Threshold">The chosen threshold (an observed score in normal mode).</param>
/// <param name="Warning">Set when FMR never falls to FNMR (then EER = 1 at index 0, as pyeer does).</param>
public sealed record PyeerEer(double Eer, double EerLow, double EerHigh, int Index, double Threshold, string? Warning);
