namespace FaceSynth.Vision.Datasets;

/// <summary>Writes files through a temporary name and a move, so no partial file is left behind.</summary>
internal static class AtomicWrite
{
    public static void Bytes(string path, ReadOnlySpan<byte> data)
    {
        string tmp = TempName(path);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                fs.Write(data);
            }

            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    public static void Text(string path, string text) => Bytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    public static string TempName(string path) => $"{Path.GetFullPath(path)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
}
