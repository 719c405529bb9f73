using FaceSynth.Vision.Onnx;

namespace FaceSynth.Vision.Generation;

/// <summary>Opens a generator bundle folder as the matching <see cref="IFaceGenerator"/>.</summary>
public static class GeneratorBundle
{
    /// <summary>Reads <c>generator.json</c> in <paramref name="directory"/> and opens its models.</summary>
    public static IFaceGenerator Open(string directory, OnnxSessionOptions? session = null)
    {
        var d = GeneratorDescriptor.Read(directory);
        return d.Kind switch
        {
            "single_pass" => SinglePassGenerator.Open(d, session),
            "latent_diffusion" => LatentDiffusionGenerator.Open(d, session),
            _ => throw new FaceSynthDataException(directory, $"unknown generator kind '{d.Kind}'"),
        };
    }
}
