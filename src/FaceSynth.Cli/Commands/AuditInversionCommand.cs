using System.CommandLine;
using System.Globalization;
using FaceSynth.Audit.Inversion;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Vision.Embedding;

namespace FaceSynth.Cli.Commands;

/// <summary>
/// <c>facesynth audit inversion</c>: success attack rates of template inversion (AUDIT.md 2), on precomputed
/// embeddings or with ONNX target models that embed the dataset and attack images.
/// </summary>
internal static class AuditInversionCommand
{
    public static Command Build()
    {
        var targets = new Option<FileInfo>("--targets")
        {
            Description = "JSON {\"targets\": [...]}; each target is {\"name\", \"dataset\": D_T.npy (+ .csv with subject), \"attacks\": A_T.npy} "
                + "or {\"name\", \"model\": T.onnx, \"images\": images.csv (path + subject column)}, optional \"subject_column\", \"flip\", \"generator_space\"; paths relative to the file",
            Required = true,
        };
        var attacks = new Option<FileInfo>("--attacks") { Description = "CSV source,template_row[,path]: one line per attack image, in the row order of every A_T.npy; 'path' (relative to the CSV) is needed for model targets", Required = true };
        var fmr = AuditCommon.FmrOption("1e-2,1e-3");
        var subjectColumn = AuditCommon.SubjectColumnOption();
        var seed = AuditCommon.SeedOption();
        var outDir = AuditCommon.OutOption();
        var vision = new VisionOptions();
        var cmd = new Command("inversion", "Template inversion: SAR (Type-I and Type-II) of attack images against each target system at thresholds on its own impostor scores, transferability matrices.")
        {
            targets, attacks, fmr, subjectColumn, seed, outDir,
        };
        vision.AddTo(cmd);
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            var tfile = parse.GetRequiredValue(targets).FullName;
            var afile = parse.GetRequiredValue(attacks).FullName;
            var atk = ReadAttacks(afile);
            var fmrs = AuditCommon.ParseFmrs(parse.GetValue(fmr), [1e-2, 1e-3])!;
            var warnings = new List<string>();
            var models = new Dictionary<string, string>(StringComparer.Ordinal);
            var embedderOptions = new FaceEmbedderOptions(parse.GetValue(vision.Batch), Session: vision.Session(parse));
            var run = await Task.Run(() =>
            {
                var list = AuditInversionTargets.Read(tfile, parse.GetValue(subjectColumn)!, atk, afile, embedderOptions, models, warnings);
                return (Targets: list, Result: InversionAudit.Run(list, atk, fmrs, seed: parse.GetValue(seed)));
            }, ctx.Cancellation).ConfigureAwait(false);
            AuditInversionReport.Write(ctx, parse.GetRequiredValue(outDir).FullName, run.Targets, atk, fmrs, parse.GetValue(seed), run.Result, models, warnings);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static List<InversionAttack> ReadAttacks(string csv)
    {
        if (!File.Exists(csv))
        {
            throw new FaceSynthDataException(csv, "attacks CSV not found");
        }

        var lines = File.ReadAllLines(csv);
        var header = lines.Length == 0 ? [] : lines[0].Split(',').Select(h => h.Trim()).ToArray();
        int s = Array.IndexOf(header, "source"), r = Array.IndexOf(header, "template_row"), p = Array.IndexOf(header, "path");
        if (s < 0 || r < 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, "expected a header with 'source' and 'template_row'");
        }

        var list = new List<InversionAttack>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var f = lines[i].Split(',');
            if (f.Length != header.Length || !int.TryParse(f[r], NumberStyles.Integer, CultureInfo.InvariantCulture, out int row))
            {
                throw FaceSynthDataException.AtLine(csv, i + 1, "expected source,template_row[,path] with an integer row");
            }

            list.Add(new InversionAttack(f[s].Trim(), row, p >= 0 ? f[p].Trim() : null));
        }

        return list;
    }
}
