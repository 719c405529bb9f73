using BenchmarkDotNet.Attributes;
using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Bench.Similarity;

/// <summary>
/// The shared similarity kernel at face-recognition shapes (d = 512, unit rows): the full product, a streamed pass
/// with an empty handler, exact top-10 per query, and the fused audit pass (top-k + threshold counts + top pairs).
/// Run: dotnet run -c Release --project bench/FaceSynth.Bench -- --filter '*SimilarityBenchmarks*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class SimilarityBenchmarks
{
    private EmbeddingMatrix _queries = null!;
    private EmbeddingMatrix _gallery = null!;
    private float[] _output = null!;

    /// <summary>Query rows = gallery rows.</summary>
    [Params(1024, 4096)]
    public int N { get; set; }

    /// <summary>Embedding dimension.</summary>
    [Params(512)]
    public int D { get; set; }

    /// <summary>Creates unit-norm random embeddings.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _queries = Unit(N, D, 1);
        _gallery = Unit(N, D, 2);
        _output = new float[N * N];
    }

    /// <summary>All N x N scores into a preallocated array.</summary>
    [Benchmark(Baseline = true)]
    public void DotAll() => SimilarityKernel.DotAll(_queries, _gallery, _output);

    /// <summary>The same scores streamed block by block to a handler that does nothing.</summary>
    [Benchmark]
    public void ForEachBlock() => SimilarityKernel.ForEachBlock(_queries, _gallery, static (_, _, _, _, _) => { });

    /// <summary>Exact top-10 per query.</summary>
    [Benchmark]
    public TopKResult TopK10() => SimilarityKernel.TopK(_queries, _gallery, 10);

    /// <summary>The leakage-audit pass: top-5, three threshold counts, 1000 global pairs.</summary>
    [Benchmark]
    public SimilaritySearchResult AuditPass() => SimilarityKernel.Search(_queries, _gallery, new SimilaritySearchSpec
    {
        K = 5,
        Thresholds = [0.1f, 0.15f, 0.2f],
        TopPairs = 1000,
    });

    private static EmbeddingMatrix Unit(int rows, int dim, int seed)
    {
        var rng = new Random(seed);
        var x = new EmbeddingMatrix(rows, dim);
        for (int i = 0; i < x.Data.Length; i++)
        {
            x.Data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        x.NormalizeRows();
        return x;
    }
}
