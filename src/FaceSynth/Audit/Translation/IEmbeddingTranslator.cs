namespace FaceSynth.Audit.Translation;

/// <summary>Maps embeddings of a source FR model into a target model's space (AUDIT.md 3.5).</summary>
public interface IEmbeddingTranslator
{
    /// <summary>Model id of the source space.</summary>
    string SourceModel { get; }

    /// <summary>Model id of the target space.</summary>
    string TargetModel { get; }

    /// <summary>Source dimension p.</summary>
    int InputDim { get; }

    /// <summary>Target dimension q.</summary>
    int OutputDim { get; }

    /// <summary>Translates <paramref name="count"/> rows (count x InputDim) into <paramref name="output"/> (count x OutputDim), unnormalised.</summary>
    void Translate(ReadOnlySpan<float> input, Span<float> output, int count);
}
