namespace FaceSynth.Server;

/// <summary>Entry point when the server runs on its own (<c>dotnet FaceSynth.Server.dll --FaceSynth:DataDirectory=...</c>); normally <c>facesynth serve</c>.</summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Runs the server until Ctrl-C.</summary>
    public static async Task<int> Main(string[] args)
    {
        var app = ServerHost.Build(args);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
