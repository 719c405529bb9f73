using System.Collections.Concurrent;
using FaceSynth.Similarity;
using static FaceSynth.Tests.Similarity.SimilarityTestData;

namespace FaceSynth.Tests.Similarity;

public class ForEachBlockTests
{
    [Fact]
    public void StreamsEveryPairOnceInBoundedBlocks()
    {
        var a = Integers(250, 5, 4, 1);
        var b = Integers(1700, 5, 4, 2);
        var seen = new int[a.Rows * b.Rows];
        var values = new float[a.Rows * b.Rows];
        int maxBlock = 0;
        var gate = new Lock();
        SimilarityKernel.ForEachBlock(a, b, (r0, rc, c0, cc, block) =>
        {
            Assert.Equal(rc * cc, block.Length);
            Assert.InRange(rc, 1, SimilarityKernel.RowBlock);
            Assert.InRange(cc, 1, SimilarityKernel.ColBlock);
            lock (gate)
            {
                maxBlock = Math.Max(maxBlock, rc * cc);
            }

            for (int r = 0; r < rc; r++)
            {
                for (int c = 0; c < cc; c++)
                {
                    int at = ((r0 + r) * b.Rows) + c0 + c;
                    Interlocked.Increment(ref seen[at]);
                    values[at] = block[(r * cc) + c];
                }
            }
        }, new SimilarityOptions { Threads = 2 });

        Assert.All(seen, s => Assert.Equal(1, s));
        Assert.True(maxBlock <= SimilarityKernel.RowBlock * SimilarityKernel.ColBlock);
        for (int i = 0; i < a.Rows; i += 7)
        {
            for (int j = 0; j < b.Rows; j++)
            {
                Assert.Equal(Dot(a, i, b, j), (double)values[(i * b.Rows) + j]);
            }
        }
    }

    [Fact]
    public void BlocksOfOneRowRangeArriveOnOneThreadInColumnOrder()
    {
        var a = Uniform(400, 8, 1);
        var b = Uniform(2000, 8, 2);
        var log = new ConcurrentDictionary<int, List<(int Thread, int C0)>>();
        SimilarityKernel.ForEachBlock(a, b, (r0, _, c0, _, _) =>
        {
            var list = log.GetOrAdd(r0, _ => []);
            lock (list)
            {
                list.Add((Environment.CurrentManagedThreadId, c0));
            }
        }, new SimilarityOptions { Threads = 2 });

        foreach (var list in log.Values)
        {
            Assert.Single(list.Select(x => x.Thread).Distinct());
            Assert.Equal(list.Select(x => x.C0).Order(), list.Select(x => x.C0));
            Assert.Equal((b.Rows + SimilarityKernel.ColBlock - 1) / SimilarityKernel.ColBlock, list.Count);
        }
    }

    [Fact]
    public void RowRangeOverloadUsesAbsoluteRowsAndCountsProgress()
    {
        var a = Integers(300, 3, 5, 1);
        var b = Integers(40, 3, 5, 2);
        var rows = new ConcurrentBag<int>();
        long lastProgress = 0;
        var gate = new Lock();
        var progress = new SyncProgress(v =>
        {
            lock (gate)
            {
                lastProgress = Math.Max(lastProgress, v);
            }
        });
        SimilarityKernel.ForEachBlock(a, 110, 150, b, (r0, rc, c0, cc, block) =>
        {
            for (int r = 0; r < rc; r++)
            {
                rows.Add(r0 + r);
                Assert.Equal(Dot(a, r0 + r, b, c0), (double)block[r * cc]);
            }
        }, new SimilarityOptions { Threads = 2, Progress = progress });

        Assert.Equal(Enumerable.Range(110, 150), rows.Order());
        Assert.Equal(150, lastProgress);
        Assert.Throws<ArgumentOutOfRangeException>(() => SimilarityKernel.ForEachBlock(a, 200, 101, b, (_, _, _, _, _) => { }));
    }

    [Fact]
    public void CancellationStopsThePass()
    {
        var a = Uniform(2000, 4, 1);
        var b = Uniform(3000, 4, 2);
        using var cts = new CancellationTokenSource();
        int calls = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => SimilarityKernel.ForEachBlock(a, b, (_, _, _, _, _) =>
        {
            Interlocked.Increment(ref calls);
            cts.Cancel();
        }, new SimilarityOptions { Threads = 2, Cancellation = cts.Token }));

        // 21 row blocks x 4 column blocks exist; each worker stops at its next block boundary.
        Assert.InRange(calls, 1, 4);

        using var pre = new CancellationTokenSource();
        pre.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SimilarityKernel.TopK(a, b, 3, new SimilarityOptions { Cancellation = pre.Token }));
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertion).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
