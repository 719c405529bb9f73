using System.Buffers.Binary;
using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Tests;

public class ImageTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    // Same formula as make_fixtures.py pattern().
    private static (int R, int G, int B) Pattern(int x, int y) => (((20 * x) + 3) % 256, ((30 * y) + 5) % 256, (x * y) % 7 * 30);

    [Theory]
    [InlineData("pattern.png", 0)]
    [InlineData("pattern.bmp", 0)]
    [InlineData("pattern.webp", 0)]
    [InlineData("pattern.jpg", 16)]
    public void DecodesEveryFormatToThePattern(string file, int tolerance)
    {
        var img = ImageDecoder.DecodeFile(Fixture(file));
        Assert.Equal((8, 6), (img.Width, img.Height));
        for (int y = 0; y < 6; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                var (r, g, b) = Pattern(x, y);
                Assert.InRange(img[x, y, 0] - r, -tolerance, tolerance);
                Assert.InRange(img[x, y, 1] - g, -tolerance, tolerance);
                Assert.InRange(img[x, y, 2] - b, -tolerance, tolerance);
            }
        }
    }

    [Fact]
    public void AppliesExifOrientation()
    {
        // Orientation 6: the stored 8 x 6 pattern is displayed rotated 90 degrees clockwise (6 x 8),
        // displayed (x, y) = stored (y, h - 1 - x).
        var img = ImageDecoder.DecodeFile(Fixture("exif6.jpg"));
        Assert.Equal((6, 8), (img.Width, img.Height));
        double err = 0;
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 6; x++)
            {
                var (r, g, _) = Pattern(y, 6 - 1 - x);
                err += Math.Abs(img[x, y, 0] - r) + Math.Abs(img[x, y, 1] - g);
            }
        }

        Assert.True(err / 96 < 8, $"mean error {err / 96}");
        var raw = ImageDecoder.DecodeFile(Fixture("exif6.jpg"), new ImageDecodeOptions(ApplyExifOrientation: false));
        Assert.Equal((8, 6), (raw.Width, raw.Height));
    }

    [Fact]
    public void GreyAndCmykBecomeRgb()
    {
        var grey = ImageDecoder.DecodeFile(Fixture("grey.png"));
        Assert.Equal((8, 6), (grey.Width, grey.Height));
        Assert.Equal(((3 * 8) + 5) * 5, grey[5, 3, 0]);
        Assert.Equal(grey[5, 3, 0], grey[5, 3, 2]);
        Assert.InRange(ImageDecoder.DecodeFile(Fixture("grey.jpg"))[5, 3, 1], 140, 150);

        // Patches: no ink (white), cyan, magenta, black.
        var cmyk = ImageDecoder.DecodeFile(Fixture("cmyk.jpg"));
        (int, int, int)[] want = [(255, 255, 255), (0, 255, 255), (255, 0, 255), (0, 0, 0)];
        for (int p = 0; p < 4; p++)
        {
            int x = (p * 8) + 4;
            Assert.InRange(cmyk[x, 4, 0] - want[p].Item1, -12, 12);
            Assert.InRange(cmyk[x, 4, 1] - want[p].Item2, -12, 12);
            Assert.InRange(cmyk[x, 4, 2] - want[p].Item3, -12, 12);
        }
    }

    [Fact]
    public void HostileAndBrokenImagesAreNamedErrors()
    {
        var ex = Assert.Throws<FaceSynthDataException>(() => ImageDecoder.Decode([], "zero.jpg"));
        Assert.Contains("zero.jpg", ex.Message, StringComparison.Ordinal);

        var png = File.ReadAllBytes(Fixture("pattern.png"));
        Assert.Throws<FaceSynthDataException>(() => ImageDecoder.Decode(png.AsSpan(0, png.Length / 2), "cut.png"));
        Assert.Throws<FaceSynthDataException>(() => ImageDecoder.Decode("not an image"u8, "text.png"));

        ex = Assert.Throws<FaceSynthDataException>(() => ImageDecoder.Decode(PngBomb(100_000, 100_000), "bomb.png"));
        Assert.Contains("100000 x 100000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodersRoundTrip()
    {
        var img = ImageDecoder.DecodeFile(Fixture("pattern.png"));
        Assert.Equal(img.Pixels, ImageDecoder.Decode(ImageEncoder.Png(img), "x.png").Pixels);
        Assert.Equal(img.Pixels, ImageDecoder.Decode(ImageEncoder.Webp(img), "x.webp").Pixels);
        var flipped = ImageOps.FlipHorizontal(img);
        Assert.Equal(img[0, 2, 0], flipped[7, 2, 0]);
    }

    // A PNG whose header declares width x height, with a tiny (empty) image data chunk.
    private static byte[] PngBomb(int width, int height)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(ms, "IHDR", ihdr);
        Chunk(ms, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var body = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(body);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(body));
        s.Write(crc);
    }

    // CRC-32 (IEEE, reflected, polynomial 0xEDB88320) as PNG requires.
    private static uint Crc32(byte[] data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
        }

        return ~c;
    }
}
