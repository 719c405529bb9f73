using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FaceSynth.Cli.Infrastructure;

/// <summary>A Spectre.Console progress column showing throughput in items per second.</summary>
internal sealed class ItemsPerSecondColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var speed = task.Speed;
        return new Text(speed is double s ? string.Create(CultureInfo.InvariantCulture, $"{s:N0} items/s") : "? items/s");
    }
}
