using System.Diagnostics;
using System.Globalization;
using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Bench.Similarity;

/// <summary>
/// Times <see cref="SimilarityKernel.DotAll(EmbeddingMatrix, EmbeddingMatrix, float[], SimilarityOptions?)"/> at one
/// shape for the side-by-side comparison with numpy SGEMM (bench/peers/run_similarity.sh):
/// <c>gemm N M D [--threads T] [--reps R]</c> prints one line with the best time and GFLOP/s (2 N M D flops).
/// </summary>
public static class GemmCommand
{
    /// <summary>Runs the timing; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: gemm N M D [--threads T] [--reps R]");
            return 2;
        }

        int n = int.Parse(args[0], CultureInfo.InvariantCulture);
        int m = int.Parse(args[1], CultureInfo.InvariantCulture);
        int d = int.Parse(args[2], CultureInfo.InvariantCulture);
        int threads = Option(args, "--threads", 0);
        int reps = Option(args, "--reps", 5);

        var a = Random(n, d, 1);
        var b = Random(m, d, 2);
        var output = new float[(long)n * m];
        var options = new SimilarityOptions { Threads = threads };
        SimilarityKernel.DotAll(a, b, output, options); // warm-up: JIT, page faults of the output
        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            SimilarityKernel.DotAll(a, b, output, options);
            times[r] = sw.Elapsed.TotalSeconds;
        }

        Array.Sort(times);
        double flops = 2.0 * n * m * d;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"facesynth dotall n={n} m={m} d={d} threads={(threads > 0 ? threads : Environment.ProcessorCount)} kernel={SimilarityKernel.InstructionSet} best_ms={times[0] * 1e3:F1} median_ms={times[reps / 2] * 1e3:F1} gflops={flops / times[0] / 1e9:F1}"));
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static EmbeddingMatrix Random(int rows, int dim, int seed)
    {
        var rng = new Random(seed);
        var x = new EmbeddingMatrix(rows, dim);
        for (int i = 0; i < x.Data.Length; i++)
        {
            x.Data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }
}
