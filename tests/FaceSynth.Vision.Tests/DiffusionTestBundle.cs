using System.Globalization;
using FaceSynth.Embeddings;
using FaceSynth.Vision.Onnx;

namespace FaceSynth.Vision.Tests;

/// <summary>
/// A tiny latent-diffusion bundle (SYNTHESIS.md 6.6) whose models are known linear maps:
/// id encoder ctx = reshape(e Wid, [2, 3]); UNet ε = k z + reshape(flat(ctx) Wc, latent) + q t;
/// VAE decoder = 1x1 convolution (Wv, bv) from 4 latent channels to RGB. Embedding dim 4, latent [4, 2, 3],
/// images 3 wide and 2 high.
/// </summary>
internal sealed class DiffusionTestBundle
{
    public const int Dim = 4, Lc = 6, C = 4, H = 2, W = 3, Lz = C * H * W;

    public double K { get; init; } = 0.2;

    public double Q { get; init; } = 0.01;

    public double LatentScale { get; init; } = 2.0;

    public string TimestepType { get; init; } = "int64";

    public long[] UnetSampleDims { get; init; } = [-1, C, H, W];

    public string Scheduler { get; init; } = """{ "train_steps": 10, "beta_schedule": "linear", "beta_start": 0.05, "beta_end": 0.3, "prediction": "epsilon", "steps_offset": 1, "final_alpha": "first" }""";

    public string Defaults { get; init; } = """{ "sampler": "ddim", "steps": 3, "guidance_scale": 2.5 }""";

    public float[] Wid { get; } = Weights(Dim * Lc, 0.5, 1.3);

    // Sized for the UNet's declared sample shape, so that a mismatching stub is still a valid model.
    public float[] Wc => _wc ??= Weights(Lc * UnetLz, 0.3, 0.7);

    private int UnetLz => (int)(UnetSampleDims[1] * UnetSampleDims[2] * UnetSampleDims[3]);

    private float[]? _wc;

    public float[] Uncond { get; } = Weights(Lc, 0.6, 2.1);

    public float[] Wv { get; } = Weights(3 * C, 0.35, 0.9);

    public float[] Bv { get; } = [0.1f, -0.05f, 0f];

    private static float[] Weights(int n, double amp, double freq) =>
        [.. Enumerable.Range(0, n).Select(i => (float)(amp * Math.Sin((freq * i) + 0.3)))];

    public string Write(string dir)
    {
        var id = new OnnxGraphBuilder("id");
        string e = id.Input("id_embedding", OnnxDataType.Float, -1, Dim);
        id.Output(id.Identity(id.Reshape(id.MatMul(e, OnnxTensor.Float(Wid, Dim, Lc)), -1, 2, 3), "prompt_embeds"), OnnxDataType.Float, -1, 2, 3);
        id.Save(Path.Combine(dir, "id_encoder.onnx"));

        var u = new OnnxGraphBuilder("unet");
        string z = u.Input("sample", OnnxDataType.Float, UnetSampleDims);
        string t = u.Input("timestep", TimestepType == "float32" ? OnnxDataType.Float : OnnxDataType.Int64, -1);
        string ctx = u.Input("encoder_hidden_states", OnnxDataType.Float, -1, 2, 3);
        string ctxTerm = u.Reshape(u.MatMul(u.Reshape(ctx, -1, Lc), OnnxTensor.Float(Wc, Lc, UnetLz)), [-1, .. UnetSampleDims[1..]]);
        string tf = u.Node("Cast", [t], 1, null, OnnxAttribute.Int("to", (int)OnnxDataType.Float))[0];
        string tTerm = u.Mul(u.Reshape(tf, -1, 1, 1, 1), OnnxTensor.Scalar((float)Q));
        string eps = u.Add(u.Add(u.Mul(z, OnnxTensor.Scalar((float)K)), ctxTerm), tTerm);
        u.Output(u.Identity(eps, "out_sample"), OnnxDataType.Float, UnetSampleDims);
        u.Save(Path.Combine(dir, "unet.onnx"));

        var v = new OnnxGraphBuilder("vae");
        string lat = v.Input("latent_sample", OnnxDataType.Float, -1, C, H, W);
        v.Output(v.Identity(v.Conv(lat, OnnxTensor.Float(Wv, 3, C, 1, 1), OnnxTensor.Float(Bv, 3)), "sample"), OnnxDataType.Float, -1, 3, H, W);
        v.Save(Path.Combine(dir, "vae_decoder.onnx"));

        Npy.Write(Path.Combine(dir, "uncond_context.npy"), Uncond, 1, 2, 3);
        string json = $$"""
            { "schema": "facesynth.generator/1", "name": "ld-stub", "kind": "latent_diffusion",
              "embedding": { "dim": 4, "space": "test-space", "unit_norm": true },
              "output": { "width": 3, "height": 2, "range": "minus1_1", "aligned": "arcface112" },
              "latent_diffusion": { "uncond_context": "uncond_context.npy", "latent_shape": [4, 2, 3], "latent_scale": {{LatentScale.ToString("R", CultureInfo.InvariantCulture)}},
                "id_encoder": { "model": "id_encoder.onnx", "input": "id_embedding", "output": "prompt_embeds" },
                "unet": { "model": "unet.onnx", "sample": "sample", "timestep": "timestep", "timestep_type": "{{TimestepType}}",
                          "context": "encoder_hidden_states", "output": "out_sample" },
                "vae_decoder": { "model": "vae_decoder.onnx", "input": "latent_sample", "output": "sample" },
                "scheduler": {{Scheduler}},
                "defaults": {{Defaults}} } }
            """;
        File.WriteAllText(Path.Combine(dir, "generator.json"), json);
        return dir;
    }

    /// <summary>Context of one embedding (double): e Wid, flattened [2, 3].</summary>
    public double[] Context(ReadOnlySpan<float> e)
    {
        var c = new double[Lc];
        for (int j = 0; j < Lc; j++)
        {
            for (int i = 0; i < Dim; i++)
            {
                c[j] += e[i] * (double)Wid[(i * Lc) + j];
            }
        }

        return c;
    }

    /// <summary>The stub UNet in double.</summary>
    public double[] Eps(double[] z, double[] ctx, int t)
    {
        var eps = new double[Lz];
        for (int o = 0; o < Lz; o++)
        {
            double s = (K * z[o]) + (Q * t);
            for (int j = 0; j < Lc; j++)
            {
                s += ctx[j] * Wc[(j * Lz) + o];
            }

            eps[o] = s;
        }

        return eps;
    }

    /// <summary>The stub VAE and the 6.3 pixel rule in double: [y, x, c] = round(255 clamp((Wv (z / scale) + bv + 1) / 2, 0, 1)).</summary>
    public (byte[] Pixels, double[] Values) Decode(double[] z)
    {
        var px = new byte[H * W * 3];
        var values = new double[H * W * 3];
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double v = Bv[c];
                    for (int ch = 0; ch < C; ch++)
                    {
                        v += Wv[(c * C) + ch] * (z[(ch * H * W) + (y * W) + x] / LatentScale);
                    }

                    int k = (((y * W) + x) * 3) + c;
                    values[k] = v;
                    px[k] = (byte)Math.Round(255 * Math.Clamp((v + 1) / 2, 0, 1), MidpointRounding.AwayFromZero);
                }
            }
        }

        return (px, values);
    }
}
