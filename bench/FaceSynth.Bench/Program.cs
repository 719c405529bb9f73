using BenchmarkDotNet.Running;

// Runs any benchmark class of this assembly: dotnet run -c Release --project bench/FaceSynth.Bench -- --filter '*Name*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
