using System.Text;

namespace FaceSynth.Scores;

/// <summary>
/// Interns the ids of a score file: the same subject and probe names repeat on many lines, so each
/// distinct name is allocated once and looked up from the line's bytes.
/// </summary>
internal sealed class IdPool
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _chars = new char[256];

    public IdPool() => _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<byte> utf8, string source, long line)
    {
        if (_chars.Length < utf8.Length)
        {
            _chars = new char[utf8.Length];
        }

        int n;
        try
        {
            n = StrictUtf8.GetChars(utf8, _chars);
        }
        catch (DecoderFallbackException)
        {
            throw FaceSynthDataException.AtLine(source, line, "text is not valid UTF-8");
        }

        return Get(_chars.AsSpan(0, n));
    }

    public string Get(ReadOnlySpan<char> chars)
    {
        if (_lookup.TryGetValue(chars, out var s))
        {
            return s;
        }

        s = chars.ToString();
        _pool[s] = s;
        return s;
    }
}
