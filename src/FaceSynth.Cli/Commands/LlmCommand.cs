using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Llm;
using FaceSynth.Metrics;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth llm verify|gender|age</c>: LLM biometrics harness (AUDIT.md 6, docs/llm.md).</summary>
internal static class LlmCommand
{
    public static Command Build()
    {
        var cmd = new Command("llm", "Ask an OpenAI-compatible vision model face verification, gender and age questions and evaluate the answers.");
        cmd.Subcommands.Add(Task(LlmTask.Verification, "verify", "Same person or not, for labelled image pairs (--pairs CSV path_a,path_b,label)."));
        cmd.Subcommands.Add(Task(LlmTask.Gender, "gender", "Gender of the person in each image (--images CSV path,gender)."));
        cmd.Subcommands.Add(Task(LlmTask.Age, "age", "Age of the person in each image (--images CSV path,age)."));
        return cmd;
    }

    private static Command Task(LlmTask task, string name, string description)
    {
        var config = new Option<FileInfo>("--config") { Description = "llm.json: base_url, model, api_key_env, ... (docs/llm.md)", Required = true };
        var input = task == LlmTask.Verification
            ? new Option<FileInfo>("--pairs") { Description = "CSV with path_a,path_b[,label][,id]", Required = true }
            : new Option<FileInfo>("--images") { Description = "CSV with path[,gender][,age][,id]", Required = true };
        var root = new Option<DirectoryInfo?>("--image-root") { Description = "Root of relative image paths (default: the CSV's folder)" };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Response cache folder (default: cache_dir of the config, else <out>/cache)" };
        var outDir = AuditCommon.OutOption();
        var cmd = new Command(name, description) { config, input, root, cache, outDir };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            var cfg = LlmConfig.Load(parse.GetRequiredValue(config).FullName);
            var dir = parse.GetRequiredValue(outDir).FullName;
            Directory.CreateDirectory(dir);
            string cacheDir = parse.GetValue(cache)?.FullName ?? cfg.CacheDir ?? Path.Combine(dir, "cache");
            var store = cfg.Cache == CacheMode.Off ? null : new ResponseCache(cacheDir);
            using var client = cfg.Cache == CacheMode.ReadOnly ? null : new OpenAiChatClient(cfg);
            var harness = new LlmHarness(cfg, client, store);
            string csv = parse.GetRequiredValue(input).FullName;
            string? imageRoot = parse.GetValue(root)?.FullName;
            LlmRecord[] records;
            JsonObject metrics;
            if (task == LlmTask.Verification)
            {
                var pairs = LlmInputs.ReadPairs(csv, imageRoot);
                using (var progress = ctx.StartProgress("llm verify (pairs)", pairs.Count))
                {
                    records = await harness.VerifyAsync(pairs, progress, ctx.Cancellation).ConfigureAwait(false);
                }

                metrics = VerificationJson(LlmMetrics.Verification(records, pairs, cfg.MissingConfidence));
            }
            else
            {
                var items = LlmInputs.ReadImages(csv, imageRoot);
                using (var progress = ctx.StartProgress($"llm {name} (images)", items.Count))
                {
                    records = await harness.ClassifyAsync(task, items, progress, ctx.Cancellation).ConfigureAwait(false);
                }

                metrics = task == LlmTask.Gender
                    ? (JsonObject)JsonSerializer.SerializeToNode(LlmMetrics.Gender(records, items), ReportJson.Options)!
                    : new JsonObject { ["groups"] = JsonSerializer.SerializeToNode(LlmMetrics.Age(records, items), ReportJson.Options) };
            }

            Write(ctx, dir, cfg, task, records, metrics);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static JsonObject VerificationJson(VerificationMetrics m)
    {
        var o = (JsonObject)JsonSerializer.SerializeToNode(m with { GenuineScores = [], ImpostorScores = [] }, ReportJson.Options)!;
        o.Remove("genuine_scores");
        o.Remove("impostor_scores");
        o["eer"] = m.GenuineScores.Count > 0 && m.ImpostorScores.Count > 0
            ? AuditEnvelopeNum(BobMeasure.Eer(m.ImpostorScores.ToArray(), m.GenuineScores.ToArray()).Eer)
            : null;
        return o;
    }

    private static JsonNode? AuditEnvelopeNum(double x) => double.IsFinite(x) ? JsonValue.Create(x) : null;

    private static void Write(CliContext ctx, string dir, LlmConfig cfg, LlmTask task, LlmRecord[] records, JsonObject metrics)
    {
        var sb = new StringBuilder();
        var line = new JsonSerializerOptions(ReportJson.Options) { WriteIndented = false };
        foreach (var r in records)
        {
            sb.Append(JsonSerializer.Serialize(r, line)).Append('\n');
        }

        AtomicFile.WriteAllText(Path.Combine(dir, "llm_responses.jsonl"), sb.ToString());
        var cfgNode = JsonNode.Parse(cfg.ToJson())!;
        var doc = new JsonObject
        {
            ["schema"] = "facesynth.llm/1",
            ["task"] = task.ToString().ToLowerInvariant(),
            ["parser_version"] = AnswerParser.Version,
            ["configuration"] = cfgNode,
            ["queries"] = records.Length,
            ["metrics"] = metrics,
        };
        AtomicFile.WriteAllText(Path.Combine(dir, "llm.json"), doc.ToJsonString(ReportJson.Options) + "\n");
        var html = new HtmlReport($"FaceSynth LLM biometrics: {task}");
        html.Section("Configuration");
        html.KeyValues([new("endpoint", cfg.BaseUrl), new("model", cfg.Model), new("prompt set", cfg.PromptSet), new("framing", cfg.Framing.ToString()), new("pair layout", cfg.PairLayout.ToString()), new("parser", AnswerParser.Version)]);
        if (cfg.Framing == PromptFraming.AiGenerated)
        {
            html.Notice("Framing AiGenerated told the model the images were AI-generated; if they are real photographs this statement is untrue. Results with different framings must not be pooled.");
        }

        html.Section("Outcomes");
        html.Table(["outcome", "queries"], records.GroupBy(r => r.Outcome).OrderBy(g => g.Key).Select(g => (IReadOnlyList<string>)[g.Key.ToString(), g.Count().ToString(AuditCommon.Inv)]));
        html.Section("Metrics");
        html.Preformatted(metrics.ToJsonString(ReportJson.Options));
        AuditCommon.Provenance(html, "[paper] Hassanpour et al. (arXiv 2403.02965) assessed GPT-4 with vision on verification, gender and age. [ours] Client, prompts, parser, outcomes, retries, cache and failure-aware metrics (AUDIT.md 6).");
        html.Save(Path.Combine(dir, "report.html"));
        ctx.Out.WriteLine($"llm {task}: {records.Length} queries; " + string.Join(", ", records.GroupBy(r => r.Outcome).Select(g => $"{g.Key} {g.Count()}")));
    }
}
