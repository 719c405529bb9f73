using System.CommandLine;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Synthesis;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth synth variations vmf|dispersion</c>.</summary>
internal static class SynthVariationsCommand
{
    public static Command Build()
    {
        var method = new Argument<string>("METHOD") { Description = "vmf or dispersion" };
        method.AcceptOnlyFromAmong("vmf", "dispersion");
        var identities = new Option<DirectoryInfo>("--identities") { Description = "Folder with identities.npy (an identity run)", Required = true };
        var perIdentity = new Option<int>("--per-identity") { Description = "Variations per identity A", DefaultValueFactory = _ => 16 };
        var seed = new Option<ulong>("--seed") { Description = "Seed", DefaultValueFactory = _ => 0 };
        var targetCos = new Option<double?>("--target-cos") { Description = "Target mean cosine to the reference (vmf default 0.7; dispersion: calibrates r0)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder", Required = true };
        var cmd = new Command("variations", "Sample A variations around each identity and write variations.npy (N x A x d), manifest.json, metrics.json.")
        {
            method, identities, perIdentity, seed, targetCos, output,
        };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            string name = parse.GetRequiredValue(method);
            var idFile = Path.Combine(parse.GetRequiredValue(identities).FullName, "identities.npy");
            var x = Npy.ReadMatrix(idFile);
            int a = parse.GetValue(perIdentity);
            ulong s = parse.GetValue(seed);
            double? target = parse.GetValue(targetCos);
            IVariationSampler sampler = name == "vmf"
                ? new VmfSampler(new VmfOptions { TargetMeanCos = target ?? 0.7 })
                : new DispersionSampler(new DispersionOptions { TargetMeanCosToReference = target });
            var result = await Task.Run(() => sampler.Run(x, a, s, null, ctx.Cancellation)).ConfigureAwait(false);
            var dir = parse.GetRequiredValue(output).FullName;
            var unit = SphereMath.CheckedUnitCopy(x, x.Dim, idFile);
            var metrics = SynthCommand.Metrics(unit, null, result, result.Variations, a, null, s, ctx.Cancellation, out var inter, out var reference);
            SynthesisOutput.WriteVariations(dir, name, s, result, [new SynthesisInput("identities", idFile)], metrics);
            var intra = metrics["intra"]!;
            ctx.Out.WriteLine(TextTable.Format(["metric", "value"],
            [
                ["mean cos to reference", intra["cos_to_reference"]!["mean"]?.ToString() ?? "-"],
                ["mean cos within identity", intra["cos_within"]?["mean"]?.ToString() ?? "-"],
                ["confusion rate", intra["confusion_rate"]?.ToString() ?? "-"],
                ["EER", intra["verification"]?["eer"]?.ToString() ?? "-"],
            ]));
            _ = inter;
            _ = reference;
            ctx.Out.WriteLine($"{name}: {result.Count} x {result.PerIdentity} variations -> {dir}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
