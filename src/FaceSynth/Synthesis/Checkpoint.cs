using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaceSynth.Synthesis;

/// <summary>
/// A sampler checkpoint (SYNTHESIS.md 2.4): a JSON header of scalars plus named float32 arrays, written to a
/// temporary folder and swapped into place, so an interrupted save leaves the previous checkpoint intact.
/// Randomness is derived from (seed, stream, iteration, row), so no generator state is stored.
/// </summary>
public sealed class Checkpoint
{
    private const string HeaderFile = "state.json";
    private const string ArraysFile = "arrays.bin";

    /// <summary>Scalar state (iteration, stage, best values, options fingerprint...).</summary>
    public JsonObject Header { get; } = [];

    /// <summary>Named arrays (state, moments, best state).</summary>
    public Dictionary<string, float[]> Arrays { get; } = [];

    /// <summary>Writes the checkpoint into <paramref name="directory"/> (replaced as a whole).</summary>
    public void Save(string directory)
    {
        var full = Path.GetFullPath(directory);
        var tmp = full + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(tmp))
        {
            Directory.Delete(tmp, true);
        }

        Directory.CreateDirectory(tmp);
        var index = new JsonArray();
        using (var fs = new FileStream(Path.Combine(tmp, ArraysFile), FileMode.Create, FileAccess.Write))
        {
            foreach (var (name, data) in Arrays)
            {
                index.Add(new JsonObject { ["name"] = name, ["length"] = data.Length });
                fs.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            }
        }

        var header = (JsonObject)Header.DeepClone();
        header["arrays"] = index;
        File.WriteAllText(Path.Combine(tmp, HeaderFile), header.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var old = full + ".old-" + Environment.ProcessId;
        if (Directory.Exists(full))
        {
            Directory.Move(full, old);
        }

        Directory.Move(tmp, full);
        if (Directory.Exists(old))
        {
            Directory.Delete(old, true);
        }
    }

    /// <summary>True when <paramref name="directory"/> holds a checkpoint.</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, HeaderFile));

    /// <summary>Reads a checkpoint; sizes are checked against the file length before anything is allocated.</summary>
    public static Checkpoint Load(string directory)
    {
        var headerPath = Path.Combine(directory, HeaderFile);
        var arraysPath = Path.Combine(directory, ArraysFile);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(File.ReadAllText(headerPath)) as JsonObject
                ?? throw new FaceSynthDataException(headerPath, "expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new FaceSynthDataException(headerPath, $"not valid JSON: {e.Message}", e);
        }

        var cp = new Checkpoint();
        long available = new FileInfo(arraysPath).Length;
        long offset = 0;
        using var fs = File.OpenRead(arraysPath);
        foreach (var entry in header["arrays"] as JsonArray ?? throw new FaceSynthDataException(headerPath, "missing 'arrays'"))
        {
            string name = entry?["name"]?.GetValue<string>() ?? throw new FaceSynthDataException(headerPath, "array without name");
            long length = entry["length"]?.GetValue<long>() ?? -1;
            if (length < 0 || length > System.Array.MaxLength || offset + (length * 4) > available)
            {
                throw FaceSynthDataException.AtOffset(arraysPath, offset, $"array '{name}' of {length} floats does not fit in the file ({available} bytes)");
            }

            var data = new float[length];
            fs.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
            offset += length * 4;
            cp.Arrays[name] = data;
        }

        header.Remove("arrays");
        foreach (var (k, v) in header)
        {
            cp.Header[k] = v?.DeepClone();
        }

        return cp;
    }

    /// <summary>Array <paramref name="name"/> with the expected length, or a clear error.</summary>
    public float[] Get(string name, int length)
    {
        if (!Arrays.TryGetValue(name, out var a) || a.Length != length)
        {
            throw new FaceSynthDataException("checkpoint", $"array '{name}' missing or not of length {length}; the checkpoint does not match this run");
        }

        return a;
    }
}
