using System.CommandLine;
using System.Text.Json;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Synthesis;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth synth metrics</c>: dataset-quality metrics of identities (and variations) with reference values.</summary>
internal static class SynthMetricsCommand
{
    public static Command Build()
    {
        var identities = new Option<DirectoryInfo>("--identities") { Description = "Folder with identities.npy, or give --identities-file", Required = true };
        var variations = new Option<DirectoryInfo?>("--variations") { Description = "Folder with variations.npy (N x A x d)" };
        var gallery = new Option<FileInfo?>("--gallery") { Description = "Gallery (.npy) for gallery_distance" };
        var table = new Option<FileInfo?>("--reference-table") { Description = "TSV with columns d, N, best_known_min_angle_deg" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of impostor sampling", DefaultValueFactory = _ => 0 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder (metrics.json, cos_all_histogram.png/svg)", Required = true };
        var cmd = new Command("metrics", "Inter-identity and intra-class quality metrics, compared with known optima.") { identities, variations, gallery, table, seed, output };
        cmd.SetGuardedAction((ctx, parse) =>
        {
            var idFile = Path.Combine(parse.GetRequiredValue(identities).FullName, "identities.npy");
            var raw = Npy.ReadMatrix(idFile);
            var x = SphereMath.CheckedUnitCopy(raw, raw.Dim, idFile);
            var g = SynthCommand.ReadMatrix(parse.GetValue(gallery));
            float[]? v = null;
            int a = 0;
            if (parse.GetValue(variations) is { } vd)
            {
                var vf = Path.Combine(vd.FullName, "variations.npy");
                var arr = Npy.ReadHeader(vf);
                if (arr.Shape.Length != 3 || arr.Shape[0] != x.Rows || arr.Shape[2] != x.Dim)
                {
                    throw new FaceSynthDataException(vf, $"expected shape ({x.Rows}, A, {x.Dim}) matching the identities");
                }

                a = (int)arr.Shape[1];
                v = Npy.Read(vf).ToFloats();
            }

            var ref_ = parse.GetValue(table) is { } t ? KnownOptimum.ReadTable(t.FullName) : null;
            var dir = parse.GetRequiredValue(output).FullName;
            Directory.CreateDirectory(dir);
            var json = SynthCommand.Metrics(x, g is null ? null : SphereMath.CheckedUnitCopy(g, x.Dim, "--gallery"), null, v, a, ref_, parse.GetValue(seed), ctx.Cancellation,
                out var inter, out var reference);
            SynthesisOutput.WriteText(Path.Combine(dir, "metrics.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            SynthCommand.Summarise(ctx, dir, inter, reference);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
