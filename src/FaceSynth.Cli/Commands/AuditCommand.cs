using System.CommandLine;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth audit</c>: privacy and security audits (docs/audit.md, AUDIT.md).</summary>
internal static class AuditCommand
{
    public static Command Build()
    {
        var cmd = new Command("audit", "Privacy and security audits: leakage (membership inference), template inversion, embedding translation, morphing, backdoor detection.");
        cmd.Subcommands.Add(AuditLeakageCommand.Build());
        cmd.Subcommands.Add(AuditInversionCommand.Build());
        cmd.Subcommands.Add(AuditAdapterCommand.Build());
        cmd.Subcommands.Add(AuditMorphCommand.Build());
        cmd.Subcommands.Add(AuditBackdoorCommand.Build());
        return cmd;
    }
}
