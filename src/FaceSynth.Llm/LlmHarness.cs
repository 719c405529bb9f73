namespace FaceSynth.Llm;

/// <summary>
/// Runs verification, gender and age queries: builds images and prompts, consults the cache, calls the
/// endpoint and parses answers into outcomes. Results come back in input order whatever the concurrency.
/// </summary>
public sealed class LlmHarness
{
    private readonly LlmConfig _config;
    private readonly OpenAiChatClient? _client;
    private readonly ResponseCache? _cache;

    /// <summary>Creates a harness; <paramref name="client"/> may be null only in cache replay mode.</summary>
    public LlmHarness(LlmConfig config, OpenAiChatClient? client, ResponseCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _client = client;
        _cache = config.Cache == CacheMode.Off ? null : cache;
        if (client is null && config.Cache != CacheMode.ReadOnly)
        {
            throw new ArgumentException("a client is required unless cache is ReadOnly", nameof(client));
        }
    }

    /// <summary>Asks for a same/different decision on every pair.</summary>
    public Task<LlmRecord[]> VerifyAsync(IReadOnlyList<VerificationPair> pairs, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return RunAsync(pairs.Count, i =>
        {
            var p = pairs[i];
            IReadOnlyList<byte[]> images = _config.PairLayout == PairLayout.SideBySide
                ? [FaceImages.SideBySide(p.PathA, p.PathB, _config.FaceSize)]
                : [FaceImages.Single(p.PathA, _config.FaceSize), FaceImages.Single(p.PathB, _config.FaceSize)];
            return (p.Id, images);
        }, LlmTask.Verification, progress, ct);
    }

    /// <summary>Asks the gender or age question for every image.</summary>
    public Task<LlmRecord[]> ClassifyAsync(LlmTask task, IReadOnlyList<FaceItem> items, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (task == LlmTask.Verification)
        {
            throw new ArgumentException("use VerifyAsync for verification", nameof(task));
        }

        return RunAsync(items.Count, i => (items[i].Id, (IReadOnlyList<byte[]>)[FaceImages.Single(items[i].Path, _config.FaceSize)]), task, progress, ct);
    }

    private async Task<LlmRecord[]> RunAsync(int count, Func<int, (string Id, IReadOnlyList<byte[]> Images)> prepare, LlmTask task, IProgress<int>? progress, CancellationToken ct)
    {
        var records = new LlmRecord[count];
        int done = 0;
        var po = new ParallelOptions { MaxDegreeOfParallelism = _config.MaxConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), po, async (i, token) =>
        {
            var (id, images) = prepare(i);
            records[i] = await QueryAsync(task, id, images, token).ConfigureAwait(false);
            progress?.Report(Interlocked.Increment(ref done));
        }).ConfigureAwait(false);
        return records;
    }

    /// <summary>One query: cache, endpoint, parse.</summary>
    public async Task<LlmRecord> QueryAsync(LlmTask task, string itemId, IReadOnlyList<byte[]> pngImages, CancellationToken ct = default)
    {
        var baseRecord = new LlmRecord { Task = task, ItemId = itemId, PromptSet = _config.PromptSet, Framing = _config.Framing };
        string key = ChatRequestBuilder.CacheKey(_config, task, pngImages);
        ChatResult? result = _cache?.TryGet(key);
        if (result is null)
        {
            if (_config.Cache == CacheMode.ReadOnly || _client is null)
            {
                return baseRecord with { Outcome = LlmOutcome.NotCached, Parsed = ParsedAnswer.Of(LlmOutcome.NotCached) };
            }

            result = await _client.CompleteAsync(ChatRequestBuilder.Build(_config, task, pngImages), ct).ConfigureAwait(false);
            if (result.Completed && _config.Cache == CacheMode.ReadWrite && _cache is { ReadOnly: false })
            {
                _cache.Put(key, _config.Model, result);
            }
        }

        var rec = baseRecord with { Attempts = result.Attempts, Cached = result.Cached, LatencyMs = result.LatencyMs, RawText = result.Text, FinishReason = result.FinishReason, Error = result.Error };
        if (!result.Completed)
        {
            return rec with { Outcome = LlmOutcome.Error, Parsed = ParsedAnswer.Of(LlmOutcome.Error) };
        }

        var parsed = AnswerParser.Parse(task, result.Text, result.FinishReason);
        return rec with { Outcome = parsed.Outcome, Parsed = parsed };
    }
}
