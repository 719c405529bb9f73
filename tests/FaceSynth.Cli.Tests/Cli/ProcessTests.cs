using System.Diagnostics;

namespace FaceSynth.Cli.Tests.Cli;

/// <summary>Runs the built command as a separate process: real exit codes and streams.</summary>
public class ProcessTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "FaceSynth.Cli.dll");
        Assert.True(File.Exists(dll), dll);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["FACESYNTH_PROGRESS"] = "off";
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "facesynth did not finish within 60 s");
        return (p.ExitCode, o.Result, e.Result);
    }

    [Fact]
    public void Exit_codes_of_the_binary()
    {
        var missing = Path.Combine(TestPaths.NewTempDir(), "missing-scores.txt");
        var (code, _, err) = Run("eval", "scores", missing);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("missing-scores.txt", err, StringComparison.Ordinal);

        var ok = Run("eval", "scores", TestPaths.Data("bob.measure", "v6.1.0", "dev-1.txt"));
        Assert.Equal(0, ok.Code);
        Assert.Contains("EER", ok.Out, StringComparison.Ordinal);

        Assert.Equal(0, Run("--help").Code);
    }
}
