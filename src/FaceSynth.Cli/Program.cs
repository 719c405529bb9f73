using FaceSynth.Cli;

return await CliApp.RunAsync(args);
