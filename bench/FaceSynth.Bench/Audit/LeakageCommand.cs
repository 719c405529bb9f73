using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Bench.Audit;

/// <summary>
/// <c>leakage SYN.npy REAL.npy OUT.json [--k 5] [--top-pairs 100] [--thresholds 0.3,0.4,0.5] [--threads T]</c>: the
/// leakage audit's fused search (exact top-k, counts at thresholds, global top pairs) timed end to end, for
/// bench/peers/run_leakage.sh. Writes the same summary as the numpy peer for the agreement check.
/// </summary>
internal static class LeakageCommand
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: leakage SYN.npy REAL.npy OUT.json [--k 5] [--top-pairs 100] [--thresholds 0.3,0.4,0.5] [--threads T]");
            return 2;
        }

        int k = 5, top = 100, threads = 0;
        float[] th = [0.3f, 0.4f, 0.5f];
        for (int i = 3; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--k": k = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--top-pairs": top = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--thresholds": th = args[i + 1].Split(',').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var clock = Stopwatch.StartNew();
        var s = Npy.ReadMatrix(args[0]);
        var r = Npy.ReadMatrix(args[1]);
        s.NormalizeRows();
        r.NormalizeRows();
        double load = clock.Elapsed.TotalSeconds;
        var lastReport = Stopwatch.StartNew();
        var progress = new Progress(done =>
        {
            if (lastReport.Elapsed.TotalSeconds > 10)
            {
                lastReport.Restart();
                double el = clock.Elapsed.TotalSeconds - load;
                Console.Error.WriteLine($"facesynth: {done}/{s.Rows} rows, ETA {el / Math.Max(1, done) * (s.Rows - done):F0} s");
            }
        });
        clock.Restart();
        var result = SimilarityKernel.Search(s, r, new SimilaritySearchSpec { K = k, TopPairs = top, Thresholds = th }, new SimilarityOptions { Threads = threads, Progress = progress });
        double search = clock.Elapsed.TotalSeconds;
        var nb = result.Neighbours!;
        var summary = new Dictionary<string, object>
        {
            ["tool"] = "facesynth " + typeof(SimilarityKernel).Assembly.GetName().Version,
            ["rows_synthetic"] = s.Rows,
            ["rows_real"] = r.Rows,
            ["dim"] = s.Dim,
            ["load_s"] = load,
            ["search_s"] = search,
            ["total_s"] = load + search,
            ["best_index"] = Enumerable.Range(0, Math.Min(1000, s.Rows)).Select(i => nb.Indices[i * k]).ToArray(),
            ["best_score"] = Enumerable.Range(0, Math.Min(1000, s.Rows)).Select(i => (double)nb.Scores[i * k]).ToArray(),
            ["counts_total"] = Enumerable.Range(0, th.Length).Select(result.TotalAtLeast).ToArray(),
            ["top_pairs"] = result.TopPairs.Select(p => new object[] { p.Query, p.Gallery, (double)p.Score }).ToArray(),
        };
        File.WriteAllText(args[2], JsonSerializer.Serialize(summary));
        Console.Error.WriteLine($"facesynth: load {load:F2} s, search {search:F2} s ({Environment.ProcessorCount} cores)");
        return 0;
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
