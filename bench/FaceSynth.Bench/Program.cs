using BenchmarkDotNet.Running;

// `gemm N M D [--threads T] [--reps R]`: one timing of SimilarityKernel.DotAll for bench/peers/run_similarity.sh.
if (args.Length > 0 && args[0] == "gemm")
{
    return FaceSynth.Bench.Similarity.GemmCommand.Run(args[1..]);
}

// `leakage SYN.npy REAL.npy OUT.json`: the leakage audit search timed end to end for bench/peers/run_leakage.sh.
if (args.Length > 0 && args[0] == "leakage")
{
    return FaceSynth.Bench.Audit.LeakageCommand.Run(args[1..]);
}

// Runs any benchmark class of this assembly: dotnet run -c Release --project bench/FaceSynth.Bench -- --filter '*Name*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
