using System.Reflection;

namespace FaceSynth.Testing;

/// <summary>Locates the repository and the shared reference data beside it (linked into every test project).</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The shared reference data folder (<c>../shared/data</c> next to the repository).</summary>
    public static string SharedData { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    /// <summary>A file under the shared data folder.</summary>
    public static string Data(params string[] parts) => Path.Combine([SharedData, .. parts]);

    /// <summary>A fresh empty temporary folder for one test.</summary>
    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "facesynth-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        var meta = typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "FaceSynth.RepositoryRoot")?.Value;
        if (meta is not null && Directory.Exists(meta))
        {
            return Path.GetFullPath(meta);
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FaceSynth.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (FaceSynth.slnx)");
    }
}
