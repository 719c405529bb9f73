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
        var cache = new Option<FileInfo?>("--cache") { Description = "SQLite response cache file (default: cache_file of the config, else <out>/llm_cache.db)" };
        var outDir = AuditCommon.OutOption();
        var cmd = new Command(name, description) { config, input, root, cache, outDir };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            var cfg = LlmConfig.Load(parse.GetRequiredValue(config).FullName);
            var dir = parse.GetRequiredValue(outDir).FullName;
            Directory.CreateDirectory(dir);
            string cacheFile = parse.GetValue(cache)?.FullName ?? cfg.CacheFile ?? Path.Combine(dir, ResponseCache.DefaultFileName);
            using var store = cfg.Cache == CacheMode.Off ? null : new ResponseCache(cacheFile, readOnly: cfg.Cache == CacheMode.ReadOnly);
            if (store is { Exists: false })
            {
                ctx.Warn($"{store.FilePath} does not exist: in ReadOnly mode every query is NotCached");
            }

            using var client = cfg.Cache == CacheMode.ReadOnly ? null : new OpenAiChatClient(cfg);
            var harness = new LlmHarness(cfg, client, store);
            string csv = parse.GetRequiredValue(input).FullName;
            string? imageRoot = parse.GetValue(root)?.FullName;
            LlmRecord[] records;
            JsonObject metrics;
            var tables = new List<(string Title, LlmTable Table)>();
            if (task == LlmTask.Verification)
            {
                var pairs = LlmInputs.ReadPairs(csv, imageRoot);
                using (var progress = ctx.StartProgress("llm verify (pairs)", pairs.Count))
                {
                    records = await harness.VerifyAsync(pairs, progress, ctx.Cancellation).ConfigureAwait(false);
                }

                metrics = VerificationJson(LlmMetrics.Verification(records, pairs, cfg.MissingConfidence));
                var by = LlmBreakdowns.Verification(records, pairs, cfg.MissingConfidence);
                AddBreakdown(metrics, by, VerificationJson);
                tables.Add(("Verification by attribute", LlmTables.Verification(by)));
            }
            else
            {
                var items = LlmInputs.ReadImages(csv, imageRoot);
                using (var progress = ctx.StartProgress($"llm {name} (images)", items.Count))
                {
                    records = await harness.ClassifyAsync(task, items, progress, ctx.Cancellation).ConfigureAwait(false);
                }

                if (task == LlmTask.Gender)
                {
                    metrics = ToJson(LlmMetrics.Gender(records, items));
                    var by = LlmBreakdowns.Gender(records, items);
                    AddBreakdown(metrics, by, ToJson);
                    tables.Add(("Gender by attribute", LlmTables.Gender(by)));
                }
                else
                {
                    var groups = LlmMetrics.Age(records, items);
                    metrics = new JsonObject { ["groups"] = JsonSerializer.SerializeToNode(groups, ReportJson.Options) };
                    tables.Add(("Age by age group", LlmTables.AgeGroupsTable(groups)));
                    var by = LlmBreakdowns.Age(records, items);
                    AddBreakdown(metrics, by, m =>
                    {
                        var o = ToJson(m);
                        o.Remove("group");
                        return o;
                    });
                    tables.Add(("Age by attribute", LlmTables.Age(by)));
                }
            }

            Write(ctx, dir, cfg, task, records, metrics, tables);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static JsonObject ToJson<T>(T value) => (JsonObject)JsonSerializer.SerializeToNode(value, ReportJson.Options)!;

    /// <summary>Adds <c>by_attribute</c> (one object per attribute value) and <c>by_attribute_skipped</c>.</summary>
    private static void AddBreakdown<T>(JsonObject metrics, AttributeBreakdown<T> breakdown, Func<T, JsonObject> toJson)
    {
        var rows = new JsonArray();
        foreach (var b in breakdown.Buckets)
        {
            var o = new JsonObject { ["attribute"] = b.Attribute, ["value"] = b.Value, ["items"] = b.Items };
            foreach (var kv in toJson(b.Metrics).ToList())
            {
                o[kv.Key] = kv.Value?.DeepClone();
            }

            rows.Add(o);
        }

        metrics["by_attribute"] = rows;
        metrics["by_attribute_skipped"] = JsonSerializer.SerializeToNode(breakdown.Skipped, ReportJson.Options);
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

    private static void Write(CliContext ctx, string dir, LlmConfig cfg, LlmTask task, LlmRecord[] records, JsonObject metrics, IReadOnlyList<(string Title, LlmTable Table)> tables)
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
        foreach (var (title, table) in tables.Where(t => t.Table.Rows.Count > 0))
        {
            html.Section(title);
            html.Table(table.Header, table.Rows);
        }

        if (metrics["by_attribute_skipped"] is JsonArray { Count: > 0 } skipped)
        {
            html.Notice("Attributes left out of the breakdown: " + string.Join("; ", skipped.Select(x => $"{x!["attribute"]} ({x["distinct_values"]} values: {x["reason"]})")));
        }

        html.Section("Metrics");
        html.Preformatted(metrics.ToJsonString(ReportJson.Options));
        AuditCommon.Provenance(html, "[paper] Hassanpour et al. (arXiv 2403.02965) assessed GPT-4 with vision on verification, gender and age. [ours] Client, prompts, parser, outcomes, retries, cache and failure-aware metrics (AUDIT.md 6).");
        html.Save(Path.Combine(dir, "report.html"));
        ctx.Out.WriteLine($"llm {task}: {records.Length} queries; " + string.Join(", ", records.GroupBy(r => r.Outcome).Select(g => $"{g.Key} {g.Count()}")));
    }
}
