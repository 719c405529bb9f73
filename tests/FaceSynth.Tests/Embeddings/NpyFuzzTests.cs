using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Embeddings;

/// <summary>Random byte mutations of valid files: only FaceSynthDataException may escape, and nothing hangs.</summary>
public class NpyFuzzTests
{
    [Theory]
    [InlineData("f4_3x4.npy", 1)]
    [InlineData("labels_u.npy", 2)]
    [InlineData("i4_fortran_2x3x4.npy", 3)]
    [InlineData("f8_be.npy", 4)]
    [InlineData("v3_f4.npy", 5)]
    public void MutatedNpyFilesFailCleanly(string fixture, int seed) =>
        Fuzz(fixture, seed, 400, (path, i) =>
        {
            // Rotate through the readers: each has its own shape and conversion checks.
            _ = (i % 3) switch
            {
                0 => (object)Npy.Read(path),
                1 => Npy.ReadDoubles(path),
                _ => Npy.ReadMatrix(path),
            };
        });

    [Theory]
    [InlineData("stored.npz", 11)]
    [InlineData("compressed.npz", 12)]
    public void MutatedNpzFilesFailCleanly(string fixture, int seed) =>
        Fuzz(fixture, seed, 400, (path, _) => Npz.Read(path));

    private const string Interesting = "0123456789(),' \n\t#-.eEnaif\"<>|U";

    internal static void Fuzz(string original, int seed, int iterations, Action<string, int> read, byte[]? bytes = null)
    {
        var source = bytes ?? NpyFixtures.Bytes(original);
        var rng = new Random(seed);
        var path = Path.Combine(TestPaths.NewTempDir(), "fuzz" + Path.GetExtension(original));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++)
        {
            var b = (byte[])source.Clone();
            int mutations = 1 + rng.Next(4);
            for (int k = 0; k < mutations; k++)
            {
                int at = rng.Next(b.Length);
                b[at] = rng.Next(3) switch
                {
                    0 => (byte)rng.Next(256),
                    1 => (byte)(b[at] ^ (1 << rng.Next(8))),
                    _ => (byte)Interesting[rng.Next(Interesting.Length)],
                };
            }

            if (rng.Next(10) == 0)
            {
                b = b[..rng.Next(b.Length)];
            }

            File.WriteAllBytes(path, b);
            try
            {
                read(path, i);
            }
            catch (FaceSynthDataException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {i} (seed {seed}) of {original}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"fuzzing {original} took {watch.Elapsed}");
    }
}
