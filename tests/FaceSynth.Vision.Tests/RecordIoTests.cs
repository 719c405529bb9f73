using FaceSynth.Vision.Datasets;

namespace FaceSynth.Vision.Tests;

public class RecordIoTests
{
    [Fact]
    public void ImageRecordBytesFollowTheSpecLayout()
    {
        string dir = TestPaths.NewTempDir();
        using (var w = new RecordIoWriter(dir))
        {
            w.WriteImage(0, 3f, [1, 2, 3, 4, 5]);
            w.Complete(numClasses: 4, imageCount: 1);
        }

        byte[] expected =
        [
            0x0A, 0x23, 0xD7, 0xCE,             // magic 0xCED7230A, little-endian
            29, 0, 0, 0,                        // lrec: cflag 0, length 24 + 5
            0, 0, 0, 0,                         // IRHeader.flag
            0x00, 0x00, 0x40, 0x40,             // label 3.0f
            0, 0, 0, 0, 0, 0, 0, 0,             // id
            0, 0, 0, 0, 0, 0, 0, 0,             // id2
            1, 2, 3, 4, 5,                      // image bytes
            0, 0, 0,                            // padding to a multiple of 4
        ];
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(dir, "train.rec")));
        Assert.Equal("0\t0\n", File.ReadAllText(Path.Combine(dir, "train.idx")));
        Assert.Equal("4,112,112\n1\n", File.ReadAllText(Path.Combine(dir, "property")));
    }

    [Fact]
    public void PayloadsContainingTheMagicAreSplitAndRejoined()
    {
        byte[] payload = [9, 9, 9, 9, 0x0A, 0x23, 0xD7, 0xCE, 7, 7];
        byte[] expected =
        [
            0x0A, 0x23, 0xD7, 0xCE, 4, 0, 0, 0x20, 9, 9, 9, 9,   // cflag 1 (first piece), length 4
            0x0A, 0x23, 0xD7, 0xCE, 2, 0, 0, 0x60, 7, 7, 0, 0,   // cflag 3 (last piece), length 2, padded
        ];
        Assert.Equal(expected, RecordIoWriter.Frame(payload));

        string dir = TestPaths.NewTempDir();
        using (var w = new RecordIoWriter(dir))
        {
            w.Write(10, payload);
            w.Write(11, [1, 2, 3]);
            w.Complete();
        }

        using var r = RecordIoReader.Open(Path.Combine(dir, "train.rec"));
        Assert.Equal([10L, 11L], r.Keys);
        Assert.Equal(payload, r.Read(10));
        Assert.Equal([1, 2, 3], r.Read(11));
        Assert.Equal([0L, 24L], r.Scan().Select(s => s.Offset));
    }

    [Fact]
    public void InsightFaceHeaderRuleAndLabels()
    {
        string dir = TestPaths.NewTempDir();
        using (var w = new RecordIoWriter(dir))
        {
            // face2rec2 layout: header record 0 with label [N + 1, N + 1 + K], images 1..2, identity record 3.
            w.Write(0, RecordIo.PackImage(0, [], labelVector: [3f, 4f]));
            w.Write(1, RecordIo.PackImage(0, [0xAA], labelVector: [5f, 0f]));
            w.WriteImage(2, 6f, [0xBB]);
            w.Write(3, RecordIo.PackImage(0, [], labelVector: [1f, 3f]));
            w.Complete();
        }

        using var ds = InsightFaceRecDataset.Open(Path.Combine(dir, "train.rec"));
        Assert.Equal([1L, 2L], ds.ImageKeys);
        Assert.Equal(5, ds.Read(1).ClassLabel);
        Assert.Equal(6, ds.Read(2).ClassLabel);
        Assert.Equal([0xBB], ds.Read(2).Image.ToArray());
    }

    [Fact]
    public void TruncatedAndForeignFilesAreNamedErrors()
    {
        string dir = TestPaths.NewTempDir();
        using (var w = new RecordIoWriter(dir))
        {
            w.WriteImage(0, 1f, new byte[100]);
            w.Complete();
        }

        string rec = Path.Combine(dir, "train.rec");
        var bytes = File.ReadAllBytes(rec);
        File.WriteAllBytes(rec, bytes[..60]);
        using (var r = RecordIoReader.Open(rec))
        {
            var ex = Assert.Throws<FaceSynthDataException>(() => r.Read(0));
            Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        }

        File.WriteAllText(rec, "hello world, not a record file");
        using (var r = RecordIoReader.Open(rec))
        {
            Assert.Throws<FaceSynthDataException>(() => r.Read(0));
        }

        File.WriteAllBytes(rec, []);
        Assert.Throws<FaceSynthDataException>(() => RecordIoReader.Open(rec));
    }

    [Fact]
    public void ImageFolderNames()
    {
        Assert.Equal("0000042", ImageFolderDataset.IdentityFolder(42, 100));
        Assert.Equal("00000042", ImageFolderDataset.IdentityFolder(42, 20_000_000));
        Assert.Equal("007", ImageFolderDataset.VariationFile(7, 50));
        Assert.Equal("0007", ImageFolderDataset.VariationFile(7, 1001));
    }
}
