using System.Diagnostics;
using FaceSynth.Embeddings;

namespace FaceSynth.Synthesis;

/// <summary>von Mises-Fisher variations around each reference (SYNTHESIS.md 4.2), draw (i, a) from <c>Stream(seed, "vmf", i, a)</c>.</summary>
public sealed class VmfSampler : IVariationSampler
{
    /// <summary>Creates the sampler.</summary>
    public VmfSampler(VmfOptions? options = null) => Options = options ?? new VmfOptions();

    /// <summary>Options.</summary>
    public VmfOptions Options { get; }

    /// <inheritdoc />
    public string Name => "vmf";

    /// <inheritdoc />
    public VariationResult Run(EmbeddingMatrix references, int perIdentity, ulong seed, IProgress<SamplerProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(references);
        int n = references.Rows, d = references.Dim, a = perIdentity;
        VariationChecks.Check(references, perIdentity);
        var x = SphereMath.CheckedUnitCopy(references, d, "--identities");
        double target = Options.TargetKind == VmfTargetKind.BetweenSamples ? Math.Sqrt(Options.TargetMeanCos) : Options.TargetMeanCos;
        double kappa = Options.Kappa ?? VonMisesFisher.KappaForMeanCos(d, target);
        SamplerValidation.NonNegative(kappa, "--kappa");
        var sw = Stopwatch.StartNew();
        var v = new float[checked((long)n * a * d) <= Array.MaxLength ? n * a * d : throw new FaceSynthDataException("--per-identity", "N x A x d values do not fit in one array")];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
        {
            for (int k = 0; k < a; k++)
            {
                var rng = new SynthRandom(seed, "vmf", (ulong)i, (ulong)k);
                VonMisesFisher.Sample(x.Row(i), kappa, ref rng, v.AsSpan(((i * a) + k) * d, d));
            }
        });
        var opts = new Dictionary<string, object?>
        {
            ["target_mean_cos"] = Options.Kappa is null ? Options.TargetMeanCos : null,
            ["target_kind"] = Options.TargetKind.ToString(),
            ["kappa"] = kappa,
            ["expected_cos_to_reference"] = VonMisesFisher.MeanCos(d, kappa),
        };
        return new VariationResult(v, n, a, d, opts, new RunSummary(1, "max_iterations", 1, sw.Elapsed, Environment.ProcessorCount),
            "von Mises-Fisher variations (Wood 1994 sampler), FaceSynth");
    }
}

/// <summary>Shared input checks of the variation samplers.</summary>
internal static class VariationChecks
{
    public static void Check(EmbeddingMatrix references, int perIdentity)
    {
        if (references.Rows < 1)
        {
            throw new FaceSynthDataException("--identities", "has no rows");
        }

        if (references.Dim < 2)
        {
            throw new FaceSynthDataException("--identities", $"dimension {references.Dim}; need at least 2");
        }

        if (perIdentity < 1)
        {
            throw new FaceSynthDataException("--per-identity", $"must be >= 1, got {perIdentity}");
        }
    }
}
