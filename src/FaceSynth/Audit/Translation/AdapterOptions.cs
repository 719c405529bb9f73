namespace FaceSynth.Audit.Translation;

/// <summary>Translator family (AUDIT.md 3.3).</summary>
public enum AdapterKind
{
    /// <summary>Ridge least squares with bias, λ chosen on validation.</summary>
    Linear,

    /// <summary>Orthogonal Procrustes (p = q).</summary>
    Procrustes,

    /// <summary>Residual MLP on top of the ridge solution.</summary>
    Mlp,
}

/// <summary>MLP training loss.</summary>
public enum MlpLoss
{
    /// <summary>1 - cos(ŷ, y).</summary>
    Cosine,

    /// <summary>Mean squared error.</summary>
    Mse,
}

/// <summary>Options of <see cref="AdapterTrainer.Fit"/>; defaults follow AUDIT.md 3.2-3.3.</summary>
public sealed record AdapterOptions
{
    /// <summary>Translator family.</summary>
    public AdapterKind Kind { get; init; } = AdapterKind.Linear;

    /// <summary>Seed of the split and the MLP streams.</summary>
    public ulong Seed { get; init; } = 7;

    /// <summary>Fraction of subjects for training.</summary>
    public double TrainFraction { get; init; } = 0.8;

    /// <summary>Fraction of subjects for validation (the rest is the test split).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>L2-normalise source rows (target rows are always normalised).</summary>
    public bool NormalizeInput { get; init; } = true;

    /// <summary>Relative ridge strengths tried (λ = λ_rel tr(XcᵀXc) / p).</summary>
    public IReadOnlyList<double> LambdaRel { get; init; } = [0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];

    /// <summary>Procrustes: centre both sides and add a bias.</summary>
    public bool Center { get; init; }

    /// <summary>Procrustes: fit a global scale.</summary>
    public bool Scale { get; init; }

    /// <summary>MLP hidden width.</summary>
    public int Hidden { get; init; } = 1024;

    /// <summary>MLP loss.</summary>
    public MlpLoss Loss { get; init; } = MlpLoss.Cosine;

    /// <summary>MLP maximum epochs.</summary>
    public int MaxEpochs { get; init; } = 200;

    /// <summary>MLP early-stopping patience in epochs.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>MLP batch size.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>AdamW learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW decoupled weight decay (weights only).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Source model id written into the adapter.</summary>
    public string SourceModel { get; init; } = "";

    /// <summary>Target model id written into the adapter.</summary>
    public string TargetModel { get; init; } = "";
}

/// <summary>A fitted translator with its split and training summary.</summary>
public sealed record AdapterFit
{
    /// <summary>The translator.</summary>
    public required IEmbeddingTranslator Translator { get; init; }

    /// <summary>Family.</summary>
    public AdapterKind Kind { get; init; }

    /// <summary>Chosen absolute ridge λ (linear and MLP initialisation).</summary>
    public double Lambda { get; init; }

    /// <summary>Chosen relative ridge λ.</summary>
    public double LambdaRel { get; init; }

    /// <summary>Mean validation cosine of the kept model.</summary>
    public double ValidationMeanCosine { get; init; }

    /// <summary>MLP epochs run (0 otherwise).</summary>
    public int Epochs { get; init; }

    /// <summary>MLP best epoch (1-based, 0 = the ridge initialisation).</summary>
    public int BestEpoch { get; init; }

    /// <summary>Training rows.</summary>
    public required int[] TrainRows { get; init; }

    /// <summary>Validation rows.</summary>
    public required int[] ValidationRows { get; init; }

    /// <summary>Test rows.</summary>
    public required int[] TestRows { get; init; }
}
