using FaceSynth.Cli;
using FaceSynth.Cli.Infrastructure;

using var cancel = CancelKeyHandler.Install();
return await CliApp.RunAsync(args, cancellation: cancel.Token);
