using System.Buffers.Binary;
using System.Text;
using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Embeddings;

/// <summary>Every malformed .npy/.npz must raise FaceSynthDataException naming the file.</summary>
public class NpyMalformedTests
{
    private readonly string _dir = TestPaths.NewTempDir();

    /// <summary>Builds a v1/v2 file from a header text (padded like numpy) and data bytes.</summary>
    internal static byte[] MakeNpy(string header, byte[] data, int version = 1, int? lengthField = null)
    {
        int prefix = version == 1 ? 10 : 12;
        var body = Encoding.Latin1.GetBytes(header);
        int pad = 64 - ((prefix + body.Length + 1) % 64);
        int hlen = body.Length + pad + 1;
        var result = new byte[prefix + hlen + data.Length];
        result[0] = 0x93;
        "NUMPY"u8.CopyTo(result.AsSpan(1));
        result[6] = (byte)version;
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)(lengthField ?? hlen));
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)(lengthField ?? hlen));
        }

        body.CopyTo(result, prefix);
        result.AsSpan(prefix + body.Length, pad).Fill((byte)' ');
        result[prefix + hlen - 1] = (byte)'\n';
        data.CopyTo(result, prefix + hlen);
        return result;
    }

    private FaceSynthDataException Fails(byte[] bytes, string expected, Func<string, object>? read = null)
    {
        var path = Path.Combine(_dir, $"bad-{Guid.NewGuid():N}.npy");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<FaceSynthDataException>(() => (read ?? (p => Npy.Read(p)))(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
        return e;
    }

    [Fact]
    public void TruncatedData() =>
        Fails(NpyFixtures.Bytes("f4_3x4.npy")[..^3], "truncated");

    [Fact]
    public void TrailingBytes() =>
        Fails([.. NpyFixtures.Bytes("f4_3x4.npy"), 0, 0, 0, 0], "trailing");

    [Fact]
    public void TruncatedDataIsCaughtByEveryReader()
    {
        var bytes = NpyFixtures.Bytes("f8_vec.npy")[..^1];
        Fails(bytes, "truncated", p => Npy.ReadDoubles(p));
        Fails(bytes, "truncated", p => Npy.ReadFloats(p));
        Fails(NpyFixtures.Bytes("f4_3x4.npy")[..^1], "truncated", p => Npy.ReadMatrix(p));
    }

    [Fact]
    public void WrongMagic()
    {
        var b = NpyFixtures.Bytes("f4_3x4.npy");
        b[1] = (byte)'X';
        Fails(b, "magic");
        Fails("hello world, not numpy"u8.ToArray(), "magic");
    }

    [Fact]
    public void ZeroByteAndTinyFiles()
    {
        Fails([], "magic");
        Fails(NpyFixtures.Bytes("f4_3x4.npy")[..9], "preamble");
        Fails(NpyFixtures.Bytes("v2_f4.npy")[..11], "preamble");
    }

    [Fact]
    public void UnsupportedVersion()
    {
        var b = NpyFixtures.Bytes("f4_3x4.npy");
        b[6] = 4;
        Fails(b, "version 4.0");
    }

    [Fact]
    public void HeaderLengthLiesAboutSize()
    {
        Fails(MakeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4], lengthField: 9000), "ends inside the .npy header");
        var e = Fails(MakeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4], version: 2, lengthField: 2_000_000_000), "exceeds the limit");
        Assert.Contains("10000", e.Message);
    }

    [Fact]
    public void HeaderAboveTheLimitIsRefused()
    {
        var big = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }" + new string(' ', 12000);
        Fails(MakeNpy(big, new byte[4], version: 2), "exceeds the limit");
        var path = Path.Combine(_dir, "big-ok.npy");
        File.WriteAllBytes(path, MakeNpy(big, new byte[4], version: 2));
        Assert.Equal(1, Npy.Read(path, new NpyReadOptions { MaxHeaderBytes = 20000 }).Count);
    }

    [Theory]
    [InlineData("(1000000000000, 1000000000000)", "addressed")]
    [InlineData("(99999999999999999999,)", "too large")]
    [InlineData("(1000000000, 1000000000)", "header promises")]
    [InlineData("(3000000000,)", "header promises")]
    public void AbsurdShapes(string shape, string expected) =>
        Fails(MakeNpy($"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}", new byte[16]), expected);

    [Fact]
    public void ArrayLargerThanDotNetCanHoldIsRefusedBeforeAllocation()
    {
        // 2^31 one-byte elements: consistent sizes are not needed to reach the check, the file length is.
        var e = Fails(MakeNpy("{'descr': '|u1', 'fortran_order': False, 'shape': (4294967296,), }", new byte[8]), "header promises");
        Assert.Contains("4294967296", e.Message);
    }

    [Fact]
    public void ZeroWidthStringsCannotClaimBillionsOfElements()
    {
        Fails(MakeNpy("{'descr': '<U0', 'fortran_order': False, 'shape': (2000000000,), }", []), "zero-width");
        var path = Path.Combine(_dir, "u0.npy");
        File.WriteAllBytes(path, MakeNpy("{'descr': '<U0', 'fortran_order': False, 'shape': (3,), }", []));
        Assert.Equal(new[] { string.Empty, string.Empty, string.Empty }, Npy.ReadStrings(path));
    }

    [Theory]
    [InlineData("'<x4'", "unsupported dtype")]
    [InlineData("'<f3'", "unsupported dtype")]
    [InlineData("'<i16'", "unsupported dtype")]
    [InlineData("'|O'", "object")]
    [InlineData("'<M8[ns]'", "unsupported dtype")]
    [InlineData("[('a', '<i4')]", "structured")]
    [InlineData("''", "dtype")]
    public void BadDtypes(string descr, string expected) =>
        Fails(MakeNpy($"{{'descr': {descr}, 'fortran_order': False, 'shape': (1,), }}", new byte[4]), expected);

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "'descr', 'fortran_order' and 'shape'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "unexpected header key")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", "duplicate")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,)}", "True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", "non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1)}", "not a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}", "expected '('")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x", "after the header dict")]
    [InlineData("__import__('os').system('true')", "expected '{'")]
    [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}", "header")]
    public void BadHeaderLiterals(string header, string expected) =>
        Fails(MakeNpy(header, new byte[4]), expected);

    [Fact]
    public void AcceptsPython2StyleAndDoubleQuotedHeaders()
    {
        var path = Path.Combine(_dir, "py2.npy");
        File.WriteAllBytes(path, MakeNpy("{\"shape\": (2L,), \"fortran_order\": False, \"descr\": \"<i4\"}", [1, 0, 0, 0, 2, 0, 0, 0]));
        Assert.Equal(new[] { 1, 2 }, Npy.Read(path).As<int>());
    }

    [Fact]
    public void InvalidUtf32StringElement()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(data, 0xD800); // a lone surrogate is not a code point
        Fails(MakeNpy("{'descr': '<U2', 'fortran_order': False, 'shape': (1,), }", data), "UTF-32");
    }

    [Fact]
    public void MissingFile()
    {
        var path = Path.Combine(_dir, "nope.npy");
        var e = Assert.Throws<FaceSynthDataException>(() => Npy.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Throws<FaceSynthDataException>(() => Npz.Read(path));
    }

    private string WriteNpz(byte[] bytes)
    {
        var path = Path.Combine(_dir, $"bad-{Guid.NewGuid():N}.npz");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void NpzNotAZipOrTruncated()
    {
        foreach (var bytes in new[] { NpyFixtures.Bytes("f4_3x4.npy"), NpyFixtures.Bytes("stored.npz")[..^30], [] })
        {
            var path = WriteNpz(bytes);
            var e = Assert.Throws<FaceSynthDataException>(() => Npz.Read(path));
            Assert.Contains(path, e.Message);
        }
    }

    [Fact]
    public void NpzUnsupportedCompressionMethodIsRefused()
    {
        var b = NpyFixtures.Bytes("compressed.npz");
        PatchEveryHeader(b, (span, isCentral) => BinaryPrimitives.WriteUInt16LittleEndian(span[(isCentral ? 10 : 8)..], 12)); // bzip2
        var path = WriteNpz(b);
        var e = Assert.Throws<FaceSynthDataException>(() => Npz.Read(path));
        Assert.Contains("compression method 12", e.Message);
    }

    [Fact]
    public void NpzDeclaredSizeBeyondDeflateRatioIsRefused()
    {
        // Claim 2 GB uncompressed for a member of a few hundred compressed bytes (a zip bomb's signature).
        var b = NpyFixtures.Bytes("compressed.npz");
        PatchEveryHeader(b, (span, isCentral) => BinaryPrimitives.WriteUInt32LittleEndian(span[(isCentral ? 24 : 22)..], 0x7FFFFFF0));
        var path = WriteNpz(b);
        var e = Assert.Throws<FaceSynthDataException>(() => Npz.Read(path));
        Assert.Contains("zip bomb", e.Message);
        var limited = WriteNpz(NpyFixtures.Bytes("stored.npz"));
        var e2 = Assert.Throws<FaceSynthDataException>(() => Npz.Read(limited, new NpyReadOptions { MaxNpzMemberBytes = 100 }));
        Assert.Contains("exceeds the limit", e2.Message);
    }

    [Fact]
    public void NpzMemberSizeMismatchIsRefused()
    {
        // Declared size 1 byte larger than the real member: numpy's data would then look truncated.
        var b = NpyFixtures.Bytes("compressed.npz");
        PatchEveryHeader(b, (span, isCentral) =>
        {
            var at = span[(isCentral ? 24 : 22)..];
            BinaryPrimitives.WriteUInt32LittleEndian(at, BinaryPrimitives.ReadUInt32LittleEndian(at) + 1);
        });
        var path = WriteNpz(b);
        Assert.Throws<FaceSynthDataException>(() => Npz.Read(path));
    }

    /// <summary>Applies <paramref name="patch"/> to every local (PK\3\4) and central (PK\1\2) header.</summary>
    private static void PatchEveryHeader(byte[] zip, Action<Span<byte>, bool> patch)
    {
        for (int i = 0; i + 4 <= zip.Length; i++)
        {
            uint sig = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (sig == 0x04034b50)
            {
                patch(zip.AsSpan(i), false);
            }
            else if (sig == 0x02014b50)
            {
                patch(zip.AsSpan(i), true);
            }
        }
    }
}
