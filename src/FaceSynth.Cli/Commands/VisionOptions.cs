using System.CommandLine;
using FaceSynth.Vision.Onnx;

namespace FaceSynth.Cli.Commands;

/// <summary>Options shared by the commands that run ONNX models (embed, eval bin, synth render).</summary>
internal sealed class VisionOptions
{
    public Option<int> Threads { get; } = new("--threads") { Description = "ONNX Runtime intra-op threads (0 = one per core)", DefaultValueFactory = _ => 0 };

    public Option<bool> Cuda { get; } = new("--cuda") { Description = "Use the CUDA execution provider (needs the ONNX Runtime GPU package)" };

    public Option<int> Batch { get; } = new("--batch") { Description = "Images per model call", DefaultValueFactory = _ => 32 };

    public void AddTo(Command command)
    {
        command.Options.Add(Threads);
        command.Options.Add(Cuda);
        command.Options.Add(Batch);
    }

    public OnnxSessionOptions Session(ParseResult parse) => new(IntraOpThreads: parse.GetValue(Threads), UseCuda: parse.GetValue(Cuda));
}
