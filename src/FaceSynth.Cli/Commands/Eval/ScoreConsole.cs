using FaceSynth.Cli.Infrastructure;
using FaceSynth.Metrics.Fairness;
using FaceSynth.Protocols;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary>Prints a score evaluation as readable tables.</summary>
internal static class ScoreConsole
{
    public static void Print(TextWriter o, ScoreEvaluationResult r, DemographicReport? demographics = null)
    {
        if (r.Development is { } d)
        {
            o.WriteLine("Development: " + ScoreTables.Headline(d));
        }

        o.WriteLine(ScoreTables.Headline(r));
        o.WriteLine();
        Write(o, ScoreTables.OperatingPoints(r));
        Write(o, ScoreTables.TarAtFmr(r));
        Write(o, ScoreTables.Auc(r));
        o.WriteLine(ScoreTables.DecisionHeadline(r.Decision));
        Write(o, ScoreTables.Decision(r.Decision));
        if (r.Pyeer is { } p)
        {
            Write(o, ScoreTables.Pyeer(p));
        }

        if (demographics is not null)
        {
            o.WriteLine($"Demographic differentials at threshold {Reports.ReportFormat.Number(demographics.Threshold)} ({demographics.ThresholdRule})");
            Write(o, ScoreTables.Groups(demographics));
            Write(o, ScoreTables.Fairness(demographics.Summary));
        }
    }

    public static void Write(TextWriter o, ReportTable t)
    {
        o.Write(TextTable.Format(t.Header, t.Rows));
        o.WriteLine();
    }
}
