namespace FaceSynth.Protocols.Ijb;

/// <summary>insightface <c>eval_ijbc.py</c> switches for template pooling (defaults as upstream).</summary>
public sealed record IjbTemplateOptions
{
    /// <summary>Keep each image feature's norm as a quality weight (<c>use_norm_score</c>); false L2-normalises images first.</summary>
    public bool UseNormScore { get; init; } = true;

    /// <summary>Multiply each image feature by its faceness score (<c>use_detector_score</c>).</summary>
    public bool UseDetectorScore { get; init; } = true;

    /// <summary>The upstream defaults.</summary>
    public static IjbTemplateOptions Default { get; } = new();
}
