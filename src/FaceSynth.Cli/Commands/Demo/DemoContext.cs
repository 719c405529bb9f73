using System.Text.Json.Nodes;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Protocols;
using FaceSynth.Reports.Html;

namespace FaceSynth.Cli.Commands.Demo;

/// <summary>What every demo stage shares: output folder, seed, the synthetic benchmark, the page and the JSON summary.</summary>
public sealed class DemoContext
{
    private readonly Lazy<DemoBenchmark> _benchmark;

    /// <summary>Creates the context; the benchmark is generated on first use.</summary>
    public DemoContext(CliContext cli, string outputDirectory, int seed, DemoBenchmarkOptions benchmarkOptions)
    {
        Cli = cli;
        OutputDirectory = outputDirectory;
        Seed = seed;
        BenchmarkOptions = benchmarkOptions;
        _benchmark = new Lazy<DemoBenchmark>(() => DemoBenchmark.Generate(benchmarkOptions));
    }

    /// <summary>Console, cancellation and progress.</summary>
    public CliContext Cli { get; }

    /// <summary>Folder of report.html, summary.json and every plot.</summary>
    public string OutputDirectory { get; }

    /// <summary>The demo seed (stages derive their own seeds from it).</summary>
    public int Seed { get; }

    /// <summary>Options of the synthetic benchmark.</summary>
    public DemoBenchmarkOptions BenchmarkOptions { get; }

    /// <summary>The synthetic embedding benchmark shared by the stages.</summary>
    public DemoBenchmark Benchmark => _benchmark.Value;

    /// <summary>The report page.</summary>
    public HtmlReport Report { get; } = new("FaceSynth demo report (synthetic data)");

    /// <summary>The JSON summary (summary.json); each stage adds one key.</summary>
    public JsonObject Summary { get; } = [];

    /// <summary>Files written so far (relative to <see cref="OutputDirectory"/>).</summary>
    public List<string> Files { get; } = [];
}
