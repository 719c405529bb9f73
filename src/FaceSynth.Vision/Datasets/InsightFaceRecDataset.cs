namespace FaceSynth.Vision.Datasets;

/// <summary>
/// An insightface training pack (<c>train.rec</c> + <c>train.idx</c>) read by arcface_torch's rule
/// (FORMATS.md 5.4): if record 0 has a label vector it is a header and the images are keys
/// 1 .. label[0] - 1, else every indexed key is an image.
/// </summary>
public sealed class InsightFaceRecDataset : IDisposable
{
    private readonly RecordIoReader _reader;

    private InsightFaceRecDataset(RecordIoReader reader, IReadOnlyList<long> imageKeys)
    {
        _reader = reader;
        ImageKeys = imageKeys;
    }

    /// <summary>Keys of the image records, in order.</summary>
    public IReadOnlyList<long> ImageKeys { get; }

    /// <summary>Opens <paramref name="recPath"/> (its <c>.idx</c> must exist).</summary>
    public static InsightFaceRecDataset Open(string recPath)
    {
        var reader = RecordIoReader.Open(recPath);
        try
        {
            if (!reader.HasIndex)
            {
                throw new FaceSynthDataException(recPath, "the .idx index beside the .rec file is missing or empty");
            }

            IReadOnlyList<long> keys = reader.Keys;
            if (reader.Keys.Contains(0))
            {
                var head = reader.ReadImage(0);
                if (head.LabelVector.Length > 0)
                {
                    long end = (long)head.LabelVector[0];
                    if (end < 1 || end - 1 > reader.Keys.Count)
                    {
                        throw new FaceSynthDataException(recPath, $"header record 0 declares images 1..{end - 1}, but the index has {reader.Keys.Count} keys");
                    }

                    var list = new List<long>();
                    for (long k = 1; k < end; k++)
                    {
                        list.Add(k);
                    }

                    keys = list;
                }
            }

            return new InsightFaceRecDataset(reader, keys);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The image record with key <paramref name="key"/>.</summary>
    public ImageRecord Read(long key) => _reader.ReadImage(key);

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}
