using System.Text.Json;
using System.Text.RegularExpressions;

namespace FaceSynth.Server.Definitions;

/// <summary>Reads and validates a challenge definition (JSON) with the files it names.</summary>
public static partial class ChallengeLoader
{
    /// <summary>JSON conventions of definition files: camelCase, comments and trailing commas allowed, unknown keys rejected.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>Loads <paramref name="path"/> and every file it references.</summary>
    /// <exception cref="FaceSynthDataException">The definition or a referenced file is invalid (the message says which and why).</exception>
    public static LoadedChallenge Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new FaceSynthDataException(path, "challenge definition not found");
        }

        ChallengeDefinition def;
        try
        {
            def = JsonSerializer.Deserialize<ChallengeDefinition>(File.ReadAllBytes(path), JsonOptions)
                ?? throw new FaceSynthDataException(path, "the definition is empty (null)");
        }
        catch (JsonException e)
        {
            throw new FaceSynthDataException(path, $"not a valid challenge definition: {e.Message}");
        }

        string dir = Path.GetDirectoryName(path)!;
        def = Normalize(def);
        Validate(def, path);
        var benchmarks = new Dictionary<string, LoadedBenchmark>(StringComparer.Ordinal);
        foreach (var b in def.Benchmarks)
        {
            string pairsPath = Path.GetFullPath(Path.Combine(dir, b.Pairs));
            string truthPath = Path.GetFullPath(Path.Combine(dir, b.Truth));
            var pairs = ReadReferenced(path, pairsPath, $"benchmark '{b.Id}' pairs");
            var truth = BenchmarkTruth.Parse(ReadReferenced(path, truthPath, $"benchmark '{b.Id}' truth"), truthPath, b.Attribute is not null);
            int pairLines = CountLines(pairs);
            if (pairLines != truth.Count)
            {
                throw new FaceSynthDataException(pairsPath, $"{pairLines} pairs, but the truth file {truthPath} has {truth.Count} rows");
            }

            for (int g = 0; g < truth.Groups.Count; g++)
            {
                if (truth.Group.Count(x => x == g) < 20)
                {
                    throw new FaceSynthDataException(truthPath, $"group '{truth.Groups[g]}' has fewer than 20 pairs; per-group accuracies need at least 20");
                }
            }

            benchmarks[b.Id] = new LoadedBenchmark(b, pairs, truth);
        }

        foreach (var t in def.Tasks.Where(t => t.ParsedRanking == RankingRule.FrcsynTradeOff))
        {
            if (!t.Benchmarks.Any(id => benchmarks[id].Truth.Groups.Count >= 2 && benchmarks[id].Definition.ParsedProtocol == BenchmarkProtocol.PairsKFold))
            {
                throw new FaceSynthDataException(path, $"task '{t.Id}' is ranked by the FRCSyn trade-off, so one of its benchmarks needs protocol pairs-kfold and a demographic attribute with at least 2 groups");
            }
        }

        byte[]? example = def.ExampleSubmission is { } ex ? ReadReferenced(path, Path.GetFullPath(Path.Combine(dir, ex)), "example submission") : null;
        return new LoadedChallenge(def, benchmarks, example, path);
    }

    private static ChallengeDefinition Normalize(ChallengeDefinition def) => def with
    {
        Tasks = [.. def.Tasks.Select(t => t.Subtasks.Count > 0 ? t : t with { Subtasks = [new SubtaskDefinition { Id = "main", Title = "Main" }] })],
        Phases = def.Phases.Count > 0 ? def.Phases : [new PhaseDefinition { Id = "ongoing", Title = "Ongoing" }],
    };

    private static void Validate(ChallengeDefinition def, string path)
    {
        void Fail(string message) => throw new FaceSynthDataException(path, message);
        void CheckId(string id, string what)
        {
            if (!IdPattern().IsMatch(id))
            {
                Fail($"{what} id '{id}' must be 1-64 letters, digits, '-', '_' or '.' and start with a letter or digit");
            }
        }

        CheckId(def.Id, "challenge");
        if (string.IsNullOrWhiteSpace(def.Title))
        {
            Fail("'title' is required");
        }

        if (def.Benchmarks.Count == 0 || def.Tasks.Count == 0)
        {
            Fail("a challenge needs at least one benchmark and one task");
        }

        var l = def.Limits;
        if (l.PerDay < 1 || l.Total < 1 || l.MaxUploadBytes < 1024 || l.MaxUnpackedBytes < l.MaxUploadBytes || l.MaxFiles < 1)
        {
            Fail("limits: perDay and total must be >= 1, maxUploadBytes >= 1024, maxUnpackedBytes >= maxUploadBytes, maxFiles >= 1");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in def.Benchmarks)
        {
            CheckId(b.Id, "benchmark");
            if (!seen.Add(b.Id))
            {
                Fail($"benchmark id '{b.Id}' is used twice");
            }

            if (b.Protocol is not ("pairs-kfold" or "tar-at-far"))
            {
                Fail($"benchmark '{b.Id}': protocol '{b.Protocol}' is not one of pairs-kfold, tar-at-far");
            }

            if (!(b.FarTarget > 0 && b.FarTarget < 1))
            {
                Fail($"benchmark '{b.Id}': farTarget must be in (0, 1)");
            }

            if (string.IsNullOrEmpty(b.Pairs) || string.IsNullOrEmpty(b.Truth))
            {
                Fail($"benchmark '{b.Id}': 'pairs' and 'truth' files are required");
            }
        }

        var taskIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in def.Tasks)
        {
            CheckId(t.Id, "task");
            if (!taskIds.Add(t.Id))
            {
                Fail($"task id '{t.Id}' is used twice");
            }

            if (t.Ranking is not ("frcsyn-to" or "mean-accuracy" or "borda"))
            {
                Fail($"task '{t.Id}': ranking '{t.Ranking}' is not one of frcsyn-to, mean-accuracy, borda");
            }

            if (t.Benchmarks.Count == 0 || t.Benchmarks.Any(id => !seen.Contains(id)) || t.Benchmarks.Distinct().Count() != t.Benchmarks.Count)
            {
                Fail($"task '{t.Id}': 'benchmarks' must list distinct ids of defined benchmarks");
            }

            var subIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in t.Subtasks)
            {
                CheckId(s.Id, $"task '{t.Id}' sub-task");
                if (!subIds.Add(s.Id))
                {
                    Fail($"task '{t.Id}': sub-task id '{s.Id}' is used twice");
                }
            }
        }

        var phaseIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in def.Phases)
        {
            CheckId(p.Id, "phase");
            if (!phaseIds.Add(p.Id))
            {
                Fail($"phase id '{p.Id}' is used twice");
            }

            if (p.Start is { } s && p.End is { } e && e <= s)
            {
                Fail($"phase '{p.Id}' ends before it starts");
            }
        }
    }

    private static byte[] ReadReferenced(string definition, string file, string what)
    {
        if (!File.Exists(file))
        {
            throw new FaceSynthDataException(definition, $"{what}: file '{file}' not found");
        }

        return File.ReadAllBytes(file);
    }

    private static int CountLines(byte[] bytes)
    {
        int n = bytes.AsSpan().Count((byte)'\n');
        return bytes.Length > 0 && bytes[^1] != (byte)'\n' ? n + 1 : n;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();
}
