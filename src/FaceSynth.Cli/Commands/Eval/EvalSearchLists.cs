using System.Globalization;
using FaceSynth.Cli.Infrastructure;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary>Parses the number lists of the identification commands (<c>--ranks 1,5,10</c>, <c>--fpir 0.01 0.1</c>).</summary>
internal static class EvalSearchLists
{
    /// <summary>Splits every token at commas; empty parts are skipped.</summary>
    public static IEnumerable<string> Items(IEnumerable<string>? tokens) =>
        (tokens ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Ranks: positive integers, returned sorted and distinct.</summary>
    public static int[] Ranks(string option, IEnumerable<string>? tokens)
    {
        var ranks = new SortedSet<int>();
        foreach (var s in Items(tokens))
        {
            if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1)
            {
                throw new CliUsageException($"{option} '{s}': ranks are integers of at least 1");
            }

            ranks.Add(k);
        }

        if (ranks.Count == 0)
        {
            throw new CliUsageException($"{option}: give at least one rank");
        }

        return [.. ranks];
    }

    /// <summary>Rates in (0, 1], in the given order.</summary>
    public static double[] Rates(string option, IEnumerable<string>? tokens)
    {
        var rates = new List<double>();
        foreach (var s in Items(tokens))
        {
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0 && v <= 1))
            {
                throw new CliUsageException($"{option} '{s}': rates lie in (0, 1]");
            }

            rates.Add(v);
        }

        return [.. rates];
    }

    /// <summary>Finite numbers (score thresholds), in the given order.</summary>
    public static double[] Numbers(string option, IEnumerable<string>? tokens)
    {
        var values = new List<double>();
        foreach (var s in Items(tokens))
        {
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                throw new CliUsageException($"{option} '{s}' is not a finite number");
            }

            values.Add(v);
        }

        return [.. values];
    }
}
