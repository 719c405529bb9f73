namespace FaceSynth.Scores;

/// <summary>
/// Reads UTF-8 text lines as byte spans without allocating per line: strips a leading BOM, accepts
/// <c>\n</c> and <c>\r\n</c> endings and a missing final newline, and caps the line length.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private readonly Stream _stream;
    private readonly string _source;
    private readonly int _maxLine;
    private byte[] _buffer = new byte[1 << 16];
    private int _pos;
    private int _end;
    private bool _eof;
    private bool _started;
    private bool _pushedBack;
    private int _lastStart;
    private int _lastLength;

    public Utf8LineReader(Stream stream, string source, int maxLineBytes)
    {
        _stream = stream;
        _source = source;
        _maxLine = maxLineBytes;
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    public string Source => _source;

    /// <summary>Returns the next line (without its terminator), or false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        if (_pushedBack)
        {
            _pushedBack = false;
            LineNumber++;
            line = _buffer.AsSpan(_lastStart, _lastLength);
            return true;
        }

        if (!_started)
        {
            _started = true;
            Fill();
            if (_end - _pos >= 3 && _buffer[_pos] == 0xEF && _buffer[_pos + 1] == 0xBB && _buffer[_pos + 2] == 0xBF)
            {
                _pos += 3;
            }
        }

        int searched = 0;
        while (true)
        {
            int idx = _buffer.AsSpan(_pos + searched, _end - _pos - searched).IndexOf((byte)'\n');
            if (idx >= 0)
            {
                int len = searched + idx;
                if (len > _maxLine)
                {
                    throw TooLong();
                }

                Return(len, len + 1, out line);
                return true;
            }

            searched = _end - _pos;
            if (_eof)
            {
                if (_pos >= _end)
                {
                    line = default;
                    return false;
                }

                Return(_end - _pos, _end - _pos, out line);
                return true;
            }

            if (searched > _maxLine)
            {
                throw TooLong();
            }

            Fill();
        }
    }

    /// <summary>Makes the next <see cref="TryReadLine"/> return the line just read again.</summary>
    public void PushBack()
    {
        _pushedBack = true;
        LineNumber--;
    }

    public void Dispose() => _stream.Dispose();

    private void Return(int length, int consumed, out ReadOnlySpan<byte> line)
    {
        int start = _pos;
        if (length > 0 && _buffer[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        _lastStart = start;
        _lastLength = length;
        _pos += consumed;
        LineNumber++;
        line = _buffer.AsSpan(start, length);
    }

    private void Fill()
    {
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _end - _pos);
            _end -= _pos;
            _pos = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, Math.Max(_buffer.Length, (long)_maxLine + 2)));
        }

        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }

    private FaceSynthDataException TooLong() =>
        FaceSynthDataException.AtLine(_source, LineNumber + 1, $"line is longer than {_maxLine} bytes (not a text score file?)");
}
