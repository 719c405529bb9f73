using System.Globalization;

namespace FaceSynth.Embeddings;

/// <summary>
/// Parses the Python dict literal of an <c>.npy</c> header. A tiny literal parser: it accepts only
/// strings, True/False, non-negative integers (optionally with a Python 2 <c>L</c>) and tuples of them,
/// so a crafted header can never execute anything.
/// </summary>
internal ref struct NpyHeaderParser
{
    private readonly ReadOnlySpan<char> _text;
    private readonly string _source;
    private readonly long _baseOffset;
    private int _pos;

    private NpyHeaderParser(ReadOnlySpan<char> text, string source, long baseOffset)
    {
        _text = text;
        _source = source;
        _baseOffset = baseOffset;
        _pos = 0;
    }

    /// <summary>Parses <paramref name="text"/>; offsets in errors are relative to <paramref name="baseOffset"/>.</summary>
    public static (string Descr, bool FortranOrder, long[] Shape) Parse(ReadOnlySpan<char> text, string source, long baseOffset)
    {
        var p = new NpyHeaderParser(text, source, baseOffset);
        return p.ParseDict();
    }

    private (string, bool, long[]) ParseDict()
    {
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        SkipSpace();
        Expect('{');
        while (true)
        {
            SkipSpace();
            if (Peek() == '}')
            {
                _pos++;
                break;
            }

            int keyAt = _pos;
            string key = ParseString();
            SkipSpace();
            Expect(':');
            SkipSpace();
            switch (key)
            {
                case "descr":
                    if (descr is not null)
                    {
                        throw Error(keyAt, "duplicate key 'descr'");
                    }

                    if (Peek() is '[' or '(' or '{')
                    {
                        throw Error(_pos, "structured (record) dtypes are not supported; save a plain numeric or string array");
                    }

                    descr = ParseString();
                    break;
                case "fortran_order":
                    if (fortran is not null)
                    {
                        throw Error(keyAt, "duplicate key 'fortran_order'");
                    }

                    fortran = ParseBool();
                    break;
                case "shape":
                    if (shape is not null)
                    {
                        throw Error(keyAt, "duplicate key 'shape'");
                    }

                    shape = ParseShape();
                    break;
                default:
                    throw Error(keyAt, $"unexpected header key '{Truncate(key)}' (expected exactly 'descr', 'fortran_order', 'shape')");
            }

            SkipSpace();
            char c = Peek();
            if (c == ',')
            {
                _pos++;
            }
            else if (c != '}')
            {
                throw Error(_pos, $"expected ',' or '}}' in header dict, found {Describe(c)}");
            }
        }

        SkipSpace();
        if (_pos != _text.Length)
        {
            throw Error(_pos, $"unexpected {Describe(_text[_pos])} after the header dict");
        }

        if (descr is null || fortran is null || shape is null)
        {
            throw Error(0, "header must contain the keys 'descr', 'fortran_order' and 'shape'");
        }

        return (descr, fortran.Value, shape);
    }

    private long[] ParseShape()
    {
        Expect('(');
        var dims = new List<long>();
        bool needComma = false;
        while (true)
        {
            SkipSpace();
            char c = Peek();
            if (c == ')')
            {
                // Python needs the trailing comma for a 1-tuple: "(5)" is an int, not a tuple.
                if (dims.Count == 1 && needComma)
                {
                    throw Error(_pos, "shape '(n)' is not a tuple (expected '(n,)')");
                }

                _pos++;
                return [.. dims];
            }

            if (needComma)
            {
                if (c != ',')
                {
                    throw Error(_pos, $"expected ',' or ')' in shape, found {Describe(c)}");
                }

                _pos++;
                needComma = false;
                continue;
            }

            if (dims.Count >= 64)
            {
                throw Error(_pos, "shape has more than 64 dimensions");
            }

            dims.Add(ParseInt());
            needComma = true;
        }
    }

    private long ParseInt()
    {
        int start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error(start, $"expected a non-negative integer dimension, found {Describe(Peek())}");
        }

        var digits = _text[start.._pos];
        if (_pos < _text.Length && _text[_pos] is 'L' or 'l')
        {
            _pos++;
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long v))
        {
            throw Error(start, $"dimension {Truncate(digits.ToString())} is too large");
        }

        return v;
    }

    private bool ParseBool()
    {
        if (_text[_pos..].StartsWith("True"))
        {
            _pos += 4;
            return true;
        }

        if (_text[_pos..].StartsWith("False"))
        {
            _pos += 5;
            return false;
        }

        throw Error(_pos, $"expected True or False, found {Describe(Peek())}");
    }

    private string ParseString()
    {
        char quote = Peek();
        if (quote is not ('\'' or '"'))
        {
            throw Error(_pos, $"expected a quoted string, found {Describe(quote)}");
        }

        int start = ++_pos;
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] is '\\' or '\n')
            {
                throw Error(_pos, "escape sequences and line breaks are not supported in header strings");
            }

            _pos++;
        }

        if (_pos >= _text.Length)
        {
            throw Error(start - 1, "unterminated string in header");
        }

        string s = _text[start.._pos].ToString();
        _pos++;
        return s;
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error(_pos, $"expected '{c}', found {Describe(Peek())}");
        }

        _pos++;
    }

    private readonly char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
        {
            _pos++;
        }
    }

    private readonly FaceSynthDataException Error(int at, string message) =>
        FaceSynthDataException.AtOffset(_source, _baseOffset + at, "invalid .npy header: " + message);

    private readonly string Describe(char c) => _pos >= _text.Length ? "end of header" : c < ' ' || c > '~' ? $"character U+{(int)c:X4}" : $"'{c}'";

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "..." : s;
}
