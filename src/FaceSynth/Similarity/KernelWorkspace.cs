namespace FaceSynth.Similarity;

/// <summary>
/// Per-thread buffers of the all-pairs engine (packed B block and one C block), pinned so the micro-kernels can use
/// pointers without fixing them per tile. One cached workspace per thread is reused across calls, which matters for
/// callers that run many small passes (an optimiser step per call).
/// </summary>
internal sealed class KernelWorkspace
{
    [ThreadStatic]
    private static KernelWorkspace? t_cached;

    private bool _inUse;

    public float[] Packed { get; private set; } = [];

    public float[] Block { get; private set; } = [];

    /// <summary>A workspace with at least the given capacities; a nested call on the same thread gets a fresh one.</summary>
    public static KernelWorkspace Rent(long packed, long block)
    {
        var ws = t_cached;
        if (ws is null || ws._inUse)
        {
            ws = new KernelWorkspace();
            t_cached ??= ws;
        }

        ws._inUse = true;
        if (ws.Packed.Length < packed)
        {
            ws.Packed = GC.AllocateUninitializedArray<float>(checked((int)packed), pinned: true);
        }

        if (ws.Block.Length < block)
        {
            ws.Block = GC.AllocateUninitializedArray<float>(checked((int)block), pinned: true);
        }

        return ws;
    }

    /// <summary>Marks the workspace free for the next call on its thread.</summary>
    public void Return() => _inUse = false;
}
