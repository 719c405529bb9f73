using System.Text.Json;
using FaceSynth.Cli.Commands.Eval;
using FaceSynth.Metrics.Fairness;
using FaceSynth.Protocols;
using FaceSynth.Reports;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands.Demo;

/// <summary>Verification on the synthetic benchmark: thresholds on the development half, applied to the evaluation half, with a demographic breakdown.</summary>
internal sealed class VerificationDemoStage : IDemoStage
{
    public string Name => "verification";

    public Task RunAsync(DemoContext context)
    {
        var bench = context.Benchmark;
        var result = ScoreEvaluation.Evaluate(bench.Development, bench.Evaluation, new ScoreEvaluationOptions { IncludePyeer = true });
        var grouped = GroupedScores.Split(bench.EvaluationRows, bench.GroupMap(), source: "synthetic demo: evaluation");
        var demographics = DemographicRates.Compute(grouped, new DemographicOptions { TargetFmr = 1e-3 });

        var node = JsonSerializer.SerializeToNode(result, ReportJson.Options)!.AsObject();
        node["demographics"] = JsonSerializer.SerializeToNode(demographics, ReportJson.Options);
        context.Summary[Name] = node;

        var curves = new List<ScoreCurveInput>
        {
            new("development (synthetic)", ScoreEvaluation.Prepare(bench.Development).Scores),
            new("evaluation (synthetic)", ScoreEvaluation.Prepare(bench.Evaluation).Scores),
        };
        context.Files.AddRange(ScoreReport.AddSection(
            context.Report, context.OutputDirectory, "verification-", "Verification (1:1) on synthetic embeddings",
            result, curves, curves[1].Scores, demographics));

        var o = context.Cli.Out;
        o.WriteLine("== Verification (thresholds from the development half, applied to the evaluation half)");
        ScoreConsole.Print(o, result, demographics);
        return Task.CompletedTask;
    }
}
