namespace FaceSynth.Tests.Embeddings;

/// <summary>The .npy/.npz files made by fixtures/make_npy.py with numpy.</summary>
internal static class NpyFixtures
{
    public static string Path(string name)
    {
        var copied = System.IO.Path.Combine(AppContext.BaseDirectory, "Embeddings", "fixtures", name);
        return File.Exists(copied)
            ? copied
            : System.IO.Path.Combine(TestPaths.RepositoryRoot, "tests", "FaceSynth.Tests", "Embeddings", "fixtures", name);
    }

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    /// <summary>make_npy.py's <c>emb</c>: arange(12).reshape(3, 4) * 0.5 - 1.</summary>
    public static float[] Emb => [.. Enumerable.Range(0, 12).Select(i => (i * 0.5f) - 1f)];
}
