using FaceSynth.Formats;
using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Tests;

public class PickleTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Theory]
    [InlineData("bytes_p2.bin")]
    [InlineData("bytes_p3.bin")]
    [InlineData("bytes_p4.bin")]
    [InlineData("bytes_p5.bin")]
    [InlineData("numpy_p2.bin")]
    [InlineData("numpy_p5.bin")]
    public void ReadsBinsWrittenByPythonsPickle(string file)
    {
        var bin = VerificationBin.Read(Fixture(file));
        Assert.Equal([true, false, true], bin.IsSame);
        Assert.Equal(6, bin.Images.Count);
        for (int k = 0; k < 6; k++)
        {
            // make_fixtures.py: image k is a 4 x 4 PNG of colour (40k, 255 - 40k, 17k).
            var img = ImageDecoder.Decode(bin.Images[k], $"image {k}");
            Assert.Equal((4, 4), (img.Width, img.Height));
            Assert.Equal([(byte)(40 * k), (byte)(255 - (40 * k)), (byte)(17 * k)], img.Pixels[..3]);
        }
    }

    [Fact]
    public void ReadsPython2StyleByteStrings()
    {
        // Hand-assembled protocol-2 pickle as Python 2 writes it: PROTO 2, ( [ 'ab', 'cd' ], [ True ] ) with memo puts.
        byte[] p =
        [
            0x80, 0x02, 0x5D, 0x71, 0x00, 0x28, 0x55, 0x02, (byte)'a', (byte)'b', 0x71, 0x01,
            0x54, 0x02, 0x00, 0x00, 0x00, (byte)'c', (byte)'d', 0x71, 0x02, 0x65,
            0x5D, 0x71, 0x03, 0x88, 0x61, 0x86, 0x71, 0x04, 0x2E,
        ];
        var bin = VerificationBin.FromPickle(SafePickle.Load(p, "py2"), "py2");
        Assert.Equal("ab"u8.ToArray(), bin.Images[0]);
        Assert.Equal("cd"u8.ToArray(), bin.Images[1]);
        Assert.Equal([true], bin.IsSame);
    }

    [Theory]
    [InlineData("evil_p2.pkl", "posix.system")]
    [InlineData("evil_p4.pkl", "posix.system")]
    public void RefusesCodeExecutingGlobals(string file, string name)
    {
        var ex = Assert.Throws<FaceSynthDataException>(() => SafePickle.LoadFile(Fixture(file)));
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Contains("byte offset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesOtherOpcodesTruncationAndEmptyFiles()
    {
        // INST ('i') is a code-calling opcode of protocol 0.
        var ex = Assert.Throws<FaceSynthDataException>(() => SafePickle.Load([0x80, 0x02, .. "ios\nsystem\n."u8], "inst"));
        Assert.Contains("0x69", ex.Message, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(Fixture("bytes_p4.bin"));
        Assert.Throws<FaceSynthDataException>(() => SafePickle.Load(bytes.AsSpan(0, bytes.Length - 40), "cut"));
        Assert.Throws<FaceSynthDataException>(() => SafePickle.Load([], "empty"));
        // BINBYTES declaring 2 GB in a 10-byte file: refused before allocating.
        ex = Assert.Throws<FaceSynthDataException>(() => SafePickle.Load([0x80, 0x03, 0x42, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, 0x2E], "huge"));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsDictionariesForTrainMeta()
    {
        // protocol 2: [ {'image_index': 5, 'image_classes': [7]} ]
        byte[] p =
        [
            0x80, 0x02, 0x5D, 0x7D, 0x28, 0x58, 11, 0, 0, 0, .. "image_index"u8, 0x4B, 5,
            0x58, 13, 0, 0, 0, .. "image_classes"u8, 0x5D, 0x4B, 7, 0x61, 0x75, 0x61, 0x2E,
        ];
        var list = Assert.IsType<List<object?>>(SafePickle.Load(p, "meta"));
        var dict = Assert.IsType<Dictionary<object, object?>>(list[0]);
        Assert.Equal(5L, dict["image_index"]);
        Assert.Equal([7L], Assert.IsType<List<object?>>(dict["image_classes"]));
    }
}
