using System.CommandLine;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Synthesis;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth synth identities uniform|hyperface|langevin</c>.</summary>
internal static class SynthIdentitiesCommand
{
    public static Command Build()
    {
        var method = new Argument<string>("METHOD") { Description = "uniform, hyperface or langevin" };
        method.AcceptOnlyFromAmong("uniform", "hyperface", "langevin");
        var count = new Option<int>("--count") { Description = "Number of identities N (>= 2)", Required = true };
        var dim = new Option<int>("--dim") { Description = "Embedding dimension d (>= 2)", DefaultValueFactory = _ => 512 };
        var steps = new Option<int?>("--steps") { Description = "Iterations (HyperFace: steps, or epochs of the stochastic variant; Langevin: iterations)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every random stream", DefaultValueFactory = _ => 0 };
        var gallery = new Option<FileInfo?>("--gallery") { Description = "Gallery of real-face embeddings (.npy, M x d): initialisation and regulariser" };
        var alpha = new Option<double?>("--alpha") { Description = "Gallery regulariser weight (default 0.1 with --gallery)" };
        var constants = new Option<FileInfo?>("--constants") { Description = "Fixed embeddings to keep away from (.npy, Langevin)" };
        var constantsRadius = new Option<double?>("--constants-radius-deg") { Description = "Exclusion radius around --constants in degrees (default: d0)" };
        var d0 = new Option<double?>("--d0-deg") { Description = "Langevin repulsion radius in degrees (default 80.2 = 1.4 rad)" };
        var restarts = new Option<int?>("--restarts") { Description = "HyperFace restarts (default Auto)" };
        var schedule = new Option<PackingSchedule>("--schedule") { Description = "HyperFace schedule: Auto (restarts, soft + global polish, stochastic for N > 4096) or Single", DefaultValueFactory = _ => PackingSchedule.Auto };
        var loss = new Option<PackingLoss>("--loss") { Description = "HyperFace loss for --schedule single: Max, Soft or Global", DefaultValueFactory = _ => PackingLoss.Soft };
        var stochastic = new Option<bool?>("--stochastic") { Description = "HyperFace neighbour-list variant (default: when N > 4096 with --schedule auto)" };
        var neighbourLists = new Option<NeighbourListMode>("--neighbour-lists") { Description = "Langevin Verlet neighbour lists: Auto (N > 4096 or --constants), On or Off; the result is the same", DefaultValueFactory = _ => NeighbourListMode.Auto };
        var skin = new Option<double?>("--skin-deg") { Description = "Langevin neighbour-list skin in degrees (default 5.73 = 0.1 rad)" };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores); results do not depend on it", DefaultValueFactory = _ => 0 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Save a checkpoint every this many iterations (0 = only on Ctrl-C)", DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue from <out>/checkpoint after checking inputs and options are unchanged" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder", Required = true };
        var cmd = new Command("identities", "Sample N unit reference embeddings and write identities.npy, manifest.json, metrics.json, trace.csv.")
        {
            method, count, dim, steps, seed, gallery, alpha, constants, constantsRadius, d0, restarts, schedule, loss, stochastic, neighbourLists, skin, threads, checkpointEvery, resume, output,
        };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            string name = parse.GetRequiredValue(method);
            var dir = parse.GetRequiredValue(output).FullName;
            var galleryFile = parse.GetValue(gallery);
            var constantsFile = parse.GetValue(constants);
            if (constantsFile is not null && name != "langevin")
            {
                throw new CliUsageException("--constants is used by the langevin sampler only");
            }

            var g = SynthCommand.ReadMatrix(galleryFile);
            var c = SynthCommand.ReadMatrix(constantsFile);
            var request = new IdentityRequest(parse.GetValue(count), parse.GetValue(dim), parse.GetValue(seed), g, c, null, Path.Combine(dir, "checkpoint"))
            {
                Threads = parse.GetValue(threads),
                Resume = parse.GetValue(resume),
            };
            int? stepCount = parse.GetValue(steps);
            IIdentitySampler sampler = name switch
            {
                "uniform" => new UniformSampler(),
                "hyperface" => new HyperFaceSampler(new HyperFaceOptions
                {
                    Steps = stepCount,
                    Alpha = parse.GetValue(alpha),
                    Restarts = parse.GetValue(restarts),
                    Schedule = parse.GetValue(schedule),
                    Loss = parse.GetValue(loss),
                    Stochastic = parse.GetValue(stochastic),
                    CheckpointEvery = parse.GetValue(checkpointEvery),
                }),
                _ => new LangevinSampler(new LangevinOptions
                {
                    Iterations = stepCount ?? 300,
                    D0 = parse.GetValue(d0) is double dd ? dd * Math.PI / 180 : 1.4,
                    D0c = parse.GetValue(constantsRadius) is double cr ? cr * Math.PI / 180 : null,
                    CheckpointEvery = parse.GetValue(checkpointEvery),
                    NeighbourLists = parse.GetValue(neighbourLists),
                    Skin = parse.GetValue(skin) is double sk ? sk * Math.PI / 180 : 0.1,
                }),
            };
            Directory.CreateDirectory(dir);
            var trace = new TraceRecorder();
            SamplerResult result;
            using (var bar = ctx.StartProgress($"synth {name}", 0))
            {
                var bridge = new SynthCommand.ProgressBridge(bar);
                var sink = new Progress<SamplerProgress>(p =>
                {
                    if (p.MinAngleDeg is double m)
                    {
                        // Remaining time from the mean pace so far; early stops only make it shorter.
                        var eta = p.Iteration > 0 && p.TotalIterations > p.Iteration
                            ? $"  ETA {p.Elapsed.TotalSeconds * (p.TotalIterations - p.Iteration) / p.Iteration:0.0} s"
                            : string.Empty;
                        ctx.Err.WriteLine($"  step {p.Iteration}/{p.TotalIterations}  min angle {m:0.0000} deg  elapsed {p.Elapsed.TotalSeconds:0.0} s{eta}");
                    }
                });
                var tee = new TeeProgress(trace, bridge, name == "uniform" ? null : sink);
                result = await Task.Run(() => sampler.Run(request, tee, ctx.Cancellation)).ConfigureAwait(false);
            }

            var inputs = new List<SynthesisInput>();
            if (galleryFile is not null)
            {
                inputs.Add(new SynthesisInput("gallery", galleryFile.FullName));
            }

            if (constantsFile is not null)
            {
                inputs.Add(new SynthesisInput("constants", constantsFile.FullName));
            }

            var metrics = SynthCommand.Metrics(result.Identities, g is null ? null : SphereMath.CheckedUnitCopy(g, request.Dim, "--gallery"), null, null, 0, null,
                request.Seed, CancellationToken.None, out var inter, out var reference);
            SynthesisOutput.WriteIdentities(dir, name, request, result, inputs, metrics, trace);
            SynthCommand.Summarise(ctx, dir, inter, reference);
            ctx.Out.WriteLine($"{name}: {result.Run.Iterations} iterations, stopped: {result.Run.Stopped}, {result.Run.Elapsed.TotalSeconds:0.0} s -> {dir}");
            return result.Run.Stopped == "cancelled" ? ExitCodes.Cancelled : ExitCodes.Ok;
        });
        return cmd;
    }

    private sealed class TeeProgress(params IProgress<SamplerProgress>?[] sinks) : IProgress<SamplerProgress>
    {
        public void Report(SamplerProgress value)
        {
            foreach (var s in sinks)
            {
                s?.Report(value);
            }
        }
    }
}
