namespace FaceSynth.Cli.Tests.Cli;

/// <summary>Runs the CLI in-process with captured standard output and error.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public static async Task<Result> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

    public static async Task<Result> RunAsync(CancellationToken token, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var rc = await CliApp.RunAsync(args, o, e, token);
        return new Result(rc, o.ToString(), e.ToString());
    }

    /// <summary>Bob 2-column reader written for the tests (independent of FaceSynth.Scores): label 1 = genuine.</summary>
    public static (double[] Neg, double[] Pos, int NegNaN, int PosNaN) ReadTwoColumn(string path)
    {
        var neg = new List<double>();
        var pos = new List<double>();
        int nn = 0, pn = 0;
        foreach (var line in File.ReadLines(path))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 2)
            {
                continue;
            }

            var s = double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture);
            var genuine = f[0] == "1";
            if (double.IsNaN(s))
            {
                if (genuine)
                {
                    pn++;
                }
                else
                {
                    nn++;
                }

                continue;
            }

            (genuine ? pos : neg).Add(s);
        }

        return ([.. neg], [.. pos], nn, pn);
    }

    /// <summary>Writes a 1-D little-endian float64 .npy by hand (format version 1.0).</summary>
    public static void WriteNpy(string path, double[] values)
    {
        var dict = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({values.Length},), }}";
        var headerLen = 10 + dict.Length + 1;
        var pad = (64 - (headerLen % 64)) % 64;
        var header = dict + new string(' ', pad) + "\n";
        using var fs = File.Create(path);
        using var w = new BinaryWriter(fs);
        w.Write((byte)0x93);
        w.Write("NUMPY"u8.ToArray());
        w.Write((byte)1);
        w.Write((byte)0);
        w.Write((ushort)header.Length);
        w.Write(System.Text.Encoding.ASCII.GetBytes(header));
        foreach (var v in values)
        {
            w.Write(v);
        }
    }
}
