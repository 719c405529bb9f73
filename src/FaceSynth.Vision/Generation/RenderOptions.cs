namespace FaceSynth.Vision.Generation;

/// <summary>Options of <see cref="DatasetRenderer"/> (SYNTHESIS.md 6.4-6.5).</summary>
public sealed record RenderOptions
{
    /// <summary>Images per identity (A).</summary>
    public required int PerIdentity { get; init; }

    /// <summary>Seed of the <c>render</c> streams.</summary>
    public ulong Seed { get; init; }

    /// <summary>Write <c>images/IDENTITY/VARIATION.jpg</c>.</summary>
    public bool ImageFolder { get; init; } = true;

    /// <summary>Write <c>rec/train.rec</c>, <c>train.idx</c>, <c>property</c>.</summary>
    public bool RecordIo { get; init; }

    /// <summary>PNG instead of JPEG quality 95.</summary>
    public bool Png { get; init; }

    /// <summary>Extra tries for an image without a face or below <see cref="MinIdentityCos"/>.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>After the retries, keep the best try (true) or drop the image.</summary>
    public bool KeepBest { get; init; } = true;

    /// <summary>With an identity checker: minimum cosine between the image's embedding and its reference.</summary>
    public float? MinIdentityCos { get; init; }

    /// <summary>Generation options (batch size, steps, guidance).</summary>
    public GenerationOptions Generation { get; init; } = new();
}

/// <summary>What <see cref="DatasetRenderer.Render"/> produced.</summary>
/// <param name="Images">Images in the dataset (ok + kept_best).</param>
/// <param name="Dropped">Images dropped after all retries.</param>
/// <param name="Identities">Identities with at least one image (dense labels 0..Identities-1).</param>
/// <param name="Skipped">Images already present from an earlier run.</param>
public sealed record RenderSummary(int Images, int Dropped, int Identities, int Skipped);
