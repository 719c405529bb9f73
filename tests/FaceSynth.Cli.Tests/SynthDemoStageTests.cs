using System.Globalization;
using System.Text;
using System.Text.Json;
using FaceSynth.Cli.Tests.Cli;

namespace FaceSynth.Cli.Tests;

public class SynthDemoStageTests
{
    private const int Count = 200, Dim = 64, PerIdentity = 4;

    [Fact]
    public async Task Demo_has_a_synthesis_section_where_hyperface_spreads_identities_further_than_uniform()
    {
        var dir = TestPaths.NewTempDir();
        var r = await CliRunner.RunAsync("demo", "--out", dir, "--seed", "11", "--identities", "60");
        Assert.True(r.ExitCode == 0, r.Err);

        var s = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json"))).RootElement.GetProperty("synthesis");
        Assert.Equal(Count, s.GetProperty("count").GetInt32());
        Assert.Equal(Dim, s.GetProperty("dim").GetInt32());
        var samplers = s.GetProperty("samplers");
        var angles = new Dictionary<string, double>();
        foreach (var name in new[] { "uniform", "hyperface" })
        {
            var j = samplers.GetProperty(name);

            // Angles recomputed here in double from the written identities (independent of the metric code).
            var (rows, dim, data) = ReadFloat32Matrix(Path.Combine(dir, j.GetProperty("identities_file").GetString()!));
            Assert.Equal((Count, Dim), (rows, dim));
            var (min, mean) = NearestNeighbourAngles(data, rows, dim);
            Assert.Equal(min, j.GetProperty("min_nn_angle_deg").GetDouble(), 4);
            Assert.Equal(mean, j.GetProperty("mean_nn_angle_deg").GetDouble(), 4);
            angles[name] = min;

            // Hand count: C(4,2) genuine pairs per identity; every other pair of the 800 variations is an impostor pair.
            Assert.Equal(Count * 6, j.GetProperty("genuine_pairs").GetInt64());
            Assert.Equal((800L * 799 / 2) - (Count * 6), j.GetProperty("impostor_pairs").GetInt64());
            Assert.InRange(j.GetProperty("eer").GetDouble(), 0.0, 0.5);
        }

        // Packing must beat random points; with N > 2d no code reaches 90 degrees (Rankin 1955).
        Assert.True(angles["hyperface"] > angles["uniform"] + 5, $"hyperface {angles["hyperface"]} vs uniform {angles["uniform"]}");
        Assert.True(angles["hyperface"] < 90.0);

        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("Identity synthesis: uniform vs HyperFace packing", html, StringComparison.Ordinal);
        using var bmp = SkiaSharp.SKBitmap.Decode(Path.Combine(dir, "synthesis-cosines.png"));
        Assert.NotNull(bmp);
        Assert.Contains("Identity synthesis", r.Out, StringComparison.Ordinal);
    }

    private static (double Min, double Mean) NearestNeighbourAngles(float[] x, int n, int d)
    {
        double min = double.MaxValue, sum = 0;
        for (int i = 0; i < n; i++)
        {
            double best = -2;
            for (int j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                double dot = 0, ni = 0, nj = 0;
                for (int k = 0; k < d; k++)
                {
                    dot += (double)x[(i * d) + k] * x[(j * d) + k];
                    ni += (double)x[(i * d) + k] * x[(i * d) + k];
                    nj += (double)x[(j * d) + k] * x[(j * d) + k];
                }

                best = Math.Max(best, dot / Math.Sqrt(ni * nj));
            }

            double angle = Math.Acos(Math.Clamp(best, -1, 1)) * 180 / Math.PI;
            min = Math.Min(min, angle);
            sum += angle;
        }

        return (min, sum / n);
    }

    /// <summary>Minimal .npy reader for a 2-D little-endian float32 C-order array (written for the test).</summary>
    private static (int Rows, int Dim, float[] Data) ReadFloat32Matrix(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        int headerLen = bytes[6] == 1 ? BitConverter.ToUInt16(bytes, 8) : BitConverter.ToInt32(bytes, 8);
        int start = bytes[6] == 1 ? 10 : 12;
        var header = Encoding.ASCII.GetString(bytes, start, headerLen);
        Assert.Contains("'<f4'", header, StringComparison.Ordinal);
        Assert.Contains("'fortran_order': False", header, StringComparison.Ordinal);
        var shape = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        var dims = shape[..shape.IndexOf(')', StringComparison.Ordinal)].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, dims.Length);
        var data = new float[dims[0] * dims[1]];
        Buffer.BlockCopy(bytes, start + headerLen, data, 0, data.Length * 4);
        return (dims[0], dims[1], data);
    }
}
