using System.CommandLine;
using System.Text.Json.Nodes;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Metrics;
using FaceSynth.Metrics.Fairness;
using FaceSynth.Protocols;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Scores;
using FaceSynth.Scores;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary><c>facesynth eval scores</c>: bob.measure summary of a verification score set.</summary>
internal static class EvalScoresCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo?>("FILE") { Description = "Score file (bob 2/4/5-column or CSV, optionally .tar.gz); the evaluation set when --dev is given", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format") { Description = "Score file format", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong(ScoreInputs.FormatNames);
        var genuine = new Option<FileInfo?>("--genuine") { Description = "Genuine scores as a 1-D .npy array (instead of FILE)" };
        var impostor = new Option<FileInfo?>("--impostor") { Description = "Impostor scores as a 1-D .npy array (instead of FILE)" };
        var dev = new Option<FileInfo?>("--dev") { Description = "Development score file: thresholds are chosen on it and applied to FILE" };
        var devGenuine = new Option<FileInfo?>("--dev-genuine") { Description = "Development genuine scores (.npy), with --dev-impostor" };
        var devImpostor = new Option<FileInfo?>("--dev-impostor") { Description = "Development impostor scores (.npy), with --dev-genuine" };
        var criterion = new Option<string>("--criterion") { Description = "Decision threshold criterion on the development set", DefaultValueFactory = _ => "eer" };
        criterion.AcceptOnlyFromAmong("eer", "min-hter", "far");
        var farValue = new Option<double?>("--far-value") { Description = "Target FMR for --criterion far" };
        var threshold = new Option<double?>("--threshold") { Description = "Use this decision threshold instead of a criterion" };
        var pyeer = new Option<bool>("--pyeer") { Description = "Also report pyeer (FVC2000) statistics" };
        var groups = new Option<FileInfo?>("--groups") { Description = "CSV 'subject_id,group' for a demographic breakdown (needs a 4/5-column or CSV score file)" };
        var groupFmr = new Option<double>("--group-fmr") { Description = "Target FMR of the global threshold for the demographic breakdown", DefaultValueFactory = _ => 1e-3 };
        var skipUnmapped = new Option<bool>("--skip-unmapped") { Description = "Skip score rows whose subjects have no group instead of failing" };
        var json = new Option<string?>("--json") { Description = "Write the summary as JSON to this file ('-' for standard output)" };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Write report.html with ROC/DET/score plots (PNG and SVG) into this folder" };

        var cmd = new Command("scores", "Evaluate verification scores: EER, min HTER, FMR/FNMR thresholds, AUC, TAR@FMR (bob.measure definitions).")
        {
            file, format, genuine, impostor, dev, devGenuine, devImpostor, criterion, farValue, threshold, pyeer, groups, groupFmr, skipUnmapped, json, report,
        };

        cmd.SetGuardedAction((ctx, parse) =>
        {
            var fmt = ScoreInputs.ParseFormat(parse.GetValue(format));
            var formatGiven = parse.GetResult(format) is { Implicit: false };
            var fileValue = parse.GetValue(file);
            var groupsFile = parse.GetValue(groups);
            if (fileValue is null && parse.GetValue(genuine) is null && parse.GetValue(impostor) is null)
            {
                throw new CliUsageException("give a score FILE, or --genuine G.npy and --impostor I.npy");
            }

            var crit = parse.GetValue(criterion) switch
            {
                "min-hter" => ThresholdCriterion.MinHter,
                "far" => ThresholdCriterion.Far,
                _ => ThresholdCriterion.Eer,
            };
            var far = parse.GetValue(farValue);
            if (crit == ThresholdCriterion.Far && far is null && parse.GetValue(threshold) is null)
            {
                throw new CliUsageException("--criterion far needs --far-value (a target FMR in [0, 1])");
            }

            if (far is not null && crit != ThresholdCriterion.Far)
            {
                throw new CliUsageException("--far-value is only used with --criterion far");
            }

            if (far is not (null or (>= 0 and <= 1)))
            {
                throw new CliUsageException($"--far-value {far} is outside [0, 1]");
            }

            if (groupsFile is not null && fileValue is null)
            {
                throw new CliUsageException("--groups needs a 4/5-column or CSV score FILE with subject ids (not --genuine/--impostor arrays)");
            }

            // Demographic breakdown needs the rows (subject ids); the score set is derived from the same read.
            ScoreSet? evalSet;
            DemographicReport? demographics = null;
            if (groupsFile is not null)
            {
                var rows = ReadRowsForGroups(fileValue!, fmt);
                evalSet = new ScoreSet([.. rows.Where(r => !r.IsGenuine).Select(r => r.Score)], [.. rows.Where(r => r.IsGenuine).Select(r => r.Score)], fileValue!.FullName);
                var map = GroupMap.Read(groupsFile.FullName);
                var grouped = GroupedScores.Split(rows, map, parse.GetValue(skipUnmapped), fileValue!.FullName);
                demographics = DemographicRates.Compute(grouped, new DemographicOptions { TargetFmr = parse.GetValue(groupFmr) });
            }
            else
            {
                evalSet = ScoreInputs.Load("evaluation", fileValue, parse.GetValue(genuine), parse.GetValue(impostor), fmt, formatGiven, "FILE", "--genuine and --impostor");
            }

            var devSet = ScoreInputs.Load("development", parse.GetValue(dev), parse.GetValue(devGenuine), parse.GetValue(devImpostor), fmt, formatGiven, "--dev", "--dev-genuine and --dev-impostor");
            var options = new ScoreEvaluationOptions
            {
                Criterion = crit,
                CriterionFar = far,
                DecisionThreshold = parse.GetValue(threshold),
                IncludePyeer = parse.GetValue(pyeer),

                // The report re-reads the sets; without it, sorting in place keeps 100M-score runs at ~1x memory.
                ReuseInputArrays = parse.GetValue(report) is null,
            };

            ctx.Cancellation.ThrowIfCancellationRequested();
            var result = devSet is null
                ? ScoreEvaluation.Evaluate(evalSet!, null, options)
                : ScoreEvaluation.Evaluate(devSet, evalSet, options);

            ScoreConsole.Print(ctx.Out, result, demographics);
            var jsonPath = parse.GetValue(json);
            var jsonText = SummaryJson(result, demographics);
            if (jsonPath == "-")
            {
                ctx.Out.WriteLine(jsonText);
            }
            else if (jsonPath is not null)
            {
                AtomicFile.WriteAllText(jsonPath, jsonText + "\n");
                ctx.Err.WriteLine($"wrote {jsonPath}");
            }

            if (parse.GetValue(report) is { } dir)
            {
                ctx.Cancellation.ThrowIfCancellationRequested();
                var page = WriteReport(dir.FullName, result, devSet, evalSet!, demographics, jsonText);
                ctx.Err.WriteLine($"wrote {page}");
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The <c>--json</c> object: the evaluation summary, plus <c>demographics</c> when grouped.</summary>
    internal static string SummaryJson(ScoreEvaluationResult result, DemographicReport? demographics)
    {
        var node = JsonSerializerNode(result);
        if (demographics is not null)
        {
            node["demographics"] = System.Text.Json.JsonSerializer.SerializeToNode(demographics, ReportJson.Options);
        }

        return node.ToJsonString(ReportJson.Options);
    }

    /// <summary>Writes report.html, the plots and summary.json into <paramref name="dir"/>; returns the page path.</summary>
    internal static string WriteReport(string dir, ScoreEvaluationResult result, ScoreSet? devSet, ScoreSet evalSet, DemographicReport? demographics, string jsonText)
    {
        Directory.CreateDirectory(dir);
        var evalScores = ScoreEvaluation.Prepare(evalSet).Scores;
        var curves = new List<ScoreCurveInput>();
        if (devSet is not null)
        {
            curves.Add(new ScoreCurveInput("development", ScoreEvaluation.Prepare(devSet).Scores));
        }

        curves.Add(new ScoreCurveInput(devSet is null ? Path.GetFileName(result.Source ?? "scores") : "evaluation", evalScores));
        var html = new HtmlReport("FaceSynth verification report");
        html.KeyValues(
        [
            new("scores", result.Source ?? "(arrays)"),
            new("development set", result.Development?.Source ?? "none (thresholds chosen on the scores themselves)"),
            new("generated", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        ScoreReport.AddSection(html, dir, string.Empty, "Verification", result, curves, evalScores, demographics);
        AtomicFile.WriteAllText(Path.Combine(dir, "summary.json"), jsonText + "\n");
        var page = Path.Combine(dir, "report.html");
        html.Save(page);
        return page;
    }

    private static JsonObject JsonSerializerNode(ScoreEvaluationResult result) =>
        System.Text.Json.JsonSerializer.SerializeToNode(result, ReportJson.Options)!.AsObject();

    private static IReadOnlyList<ScoreRow> ReadRowsForGroups(FileInfo file, ScoreFileFormat fmt)
    {
        var detected = fmt == ScoreFileFormat.Auto ? ScoreFile.DetectFormat(file.FullName) : fmt;
        if (detected == ScoreFileFormat.TwoColumn)
        {
            throw new FaceSynthDataException(file.FullName, "--groups needs subject ids: a 4-column, 5-column or CSV score file, not a 2-column file");
        }

        return ScoreFile.ReadRows(file.FullName, fmt);
    }
}
