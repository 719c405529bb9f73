namespace FaceSynth.Embeddings;

/// <summary>
/// A numpy element type as written in an <c>.npy</c> header <c>descr</c>: kind, item size and byte
/// order. Only plain numeric, boolean and fixed-width string types are supported; object and
/// structured dtypes are refused because they cannot be read without a pickle/record decoder.
/// </summary>
public sealed record NpyDType
{
    private NpyDType(char kind, int itemSize, bool bigEndian)
    {
        Kind = kind;
        ItemSize = itemSize;
        BigEndian = bigEndian;
    }

    /// <summary>Type kind: 'f' float, 'i' signed, 'u' unsigned, 'b' bool, 'U' UTF-32 string, 'S' bytes.</summary>
    public char Kind { get; }

    /// <summary>Bytes per element (for 'U' this is 4 x the character count).</summary>
    public int ItemSize { get; }

    /// <summary>True when multi-byte elements are stored big-endian.</summary>
    public bool BigEndian { get; }

    /// <summary>True for float, integer and bool kinds (values convertible to double).</summary>
    public bool IsNumeric => Kind is 'f' or 'i' or 'u' or 'b';

    /// <summary>The canonical numpy <c>descr</c> string, e.g. <c>&lt;f4</c>, <c>|u1</c>, <c>&lt;U12</c>.</summary>
    public string Descr
    {
        get
        {
            char order = Kind is 'b' or 'S' || (ItemSize == 1 && Kind is 'i' or 'u') ? '|' : BigEndian ? '>' : '<';
            int size = Kind == 'U' ? ItemSize / 4 : ItemSize;
            return $"{order}{Kind}{size}";
        }
    }

    /// <summary>Little-endian float32 (<c>&lt;f4</c>).</summary>
    public static NpyDType Float32 { get; } = new('f', 4, false);

    /// <summary>Little-endian float64 (<c>&lt;f8</c>).</summary>
    public static NpyDType Float64 { get; } = new('f', 8, false);

    /// <summary>Little-endian float16 (<c>&lt;f2</c>).</summary>
    public static NpyDType Float16 { get; } = new('f', 2, false);

    /// <summary>Little-endian int32 (<c>&lt;i4</c>).</summary>
    public static NpyDType Int32 { get; } = new('i', 4, false);

    /// <summary>Little-endian int64 (<c>&lt;i8</c>).</summary>
    public static NpyDType Int64 { get; } = new('i', 8, false);

    /// <summary>Bool (<c>|b1</c>).</summary>
    public static NpyDType Bool { get; } = new('b', 1, false);

    /// <summary>Creates a dtype from its parts; throws <see cref="ArgumentException"/> for unsupported combinations.</summary>
    public static NpyDType Create(char kind, int itemSize, bool bigEndian = false)
    {
        if (!TryCreate(kind, itemSize, bigEndian, out var dtype, out var error))
        {
            throw new ArgumentException(error);
        }

        return dtype;
    }

    /// <summary>Little-endian UTF-32 string type holding <paramref name="chars"/> code points (<c>&lt;U n</c>).</summary>
    public static NpyDType Unicode(int chars) => Create('U', checked(chars * 4));

    /// <summary>Parses a numpy <c>descr</c> string; errors name <paramref name="source"/>.</summary>
    public static NpyDType Parse(string descr, string source)
    {
        ArgumentNullException.ThrowIfNull(descr);
        var s = descr.AsSpan();
        bool bigEndian = !BitConverter.IsLittleEndian;
        if (s.Length > 0 && s[0] is '<' or '>' or '|' or '=')
        {
            bigEndian = s[0] switch
            {
                '<' => false,
                '>' => true,
                _ => !BitConverter.IsLittleEndian,
            };
            s = s[1..];
        }

        if (s.Length == 0)
        {
            throw new FaceSynthDataException(source, $"empty dtype descr '{descr}'");
        }

        char kind = s[0];
        if (kind == 'O')
        {
            throw new FaceSynthDataException(source, $"dtype '{descr}' is an object array (a Python pickle); FaceSynth refuses object arrays, save a numeric or string array instead");
        }

        if (kind == '?')
        {
            kind = 'b';
            s = "1";
        }
        else
        {
            s = s[1..];
        }

        if (s.Length == 0 || s.Length > 9 || !int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
        {
            throw new FaceSynthDataException(source, $"unsupported dtype '{descr}' (expected e.g. <f4, <f8, <f2, <i8, |u1, |b1, <U12, |S8)");
        }

        long itemSize = kind == 'U' ? size * 4L : size;
        if (itemSize > int.MaxValue || !TryCreate(kind, (int)itemSize, bigEndian, out var dtype, out var error))
        {
            throw new FaceSynthDataException(source, $"unsupported dtype '{descr}' (expected e.g. <f4, <f8, <f2, <i8, |u1, |b1, <U12, |S8)");
        }

        _ = error;
        return dtype;
    }

    private static bool TryCreate(char kind, int itemSize, bool bigEndian, out NpyDType dtype, out string error)
    {
        bool ok = kind switch
        {
            'f' => itemSize is 2 or 4 or 8,
            'i' or 'u' => itemSize is 1 or 2 or 4 or 8,
            'b' => itemSize == 1,
            'U' => itemSize >= 0 && itemSize % 4 == 0,
            'S' => itemSize >= 0,
            _ => false,
        };
        if (!ok)
        {
            dtype = Float32;
            error = $"unsupported dtype kind '{kind}' with item size {itemSize}";
            return false;
        }

        // Byte order is meaningless for single bytes; normalise so records compare equal.
        if (kind is 'b' or 'S' || itemSize <= 1)
        {
            bigEndian = false;
        }

        dtype = new NpyDType(kind, itemSize, bigEndian);
        error = string.Empty;
        return true;
    }

    /// <summary>The .NET element type of <see cref="NpyArray.Data"/> for this dtype.</summary>
    public Type ClrType => (Kind, ItemSize) switch
    {
        ('f', 2) => typeof(Half),
        ('f', 4) => typeof(float),
        ('f', 8) => typeof(double),
        ('i', 1) => typeof(sbyte),
        ('i', 2) => typeof(short),
        ('i', 4) => typeof(int),
        ('i', 8) => typeof(long),
        ('u', 1) => typeof(byte),
        ('u', 2) => typeof(ushort),
        ('u', 4) => typeof(uint),
        ('u', 8) => typeof(ulong),
        ('b', _) => typeof(bool),
        ('U', _) => typeof(string),
        _ => typeof(byte[]),
    };

    /// <inheritdoc />
    public override string ToString() => Descr;
}
