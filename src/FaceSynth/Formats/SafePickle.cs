using System.Buffers.Binary;
using System.Text;

namespace FaceSynth.Formats;

/// <summary>
/// A pickle reader that executes nothing (FORMATS.md 4.3): it interprets only the opcodes that
/// insightface <c>.bin</c> files and <c>train.meta</c> use (protocols 2 to 5), accepts only a
/// whitelist of global names whose effect it implements itself (byte strings via
/// <c>_codecs.encode</c>, uint8 numpy arrays), and enforces size limits. Results are plain values:
/// null, bool, long, double, string, byte[], <see cref="List{T}"/> of object, <see cref="PickleTuple"/>,
/// <see cref="Dictionary{TKey, TValue}"/> and <see cref="PickleNdArray"/>.
/// </summary>
public static class SafePickle
{
    private static readonly HashSet<string> Whitelist = new(StringComparer.Ordinal)
    {
        "_codecs.encode",
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
        "numpy.ndarray", "numpy.dtype",
        "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
    };

    private static readonly object Mark = new();

    /// <summary>Reads the pickle file at <paramref name="path"/>.</summary>
    public static object? LoadFile(string path, SafePickleOptions? options = null)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FaceSynthDataException(path, "file not found");
        }

        if (info.Length > Array.MaxLength)
        {
            throw new FaceSynthDataException(path, $"the file has {info.Length} bytes; pickles over 2 GiB are not supported");
        }

        return Load(File.ReadAllBytes(path), path, options);
    }

    /// <summary>Interprets the pickle in <paramref name="data"/>; <paramref name="source"/> names it in errors.</summary>
    public static object? Load(ReadOnlySpan<byte> data, string source, SafePickleOptions? options = null)
    {
        options ??= SafePickleOptions.Default;
        if (data.Length == 0)
        {
            throw new FaceSynthDataException(source, "the file is empty (0 bytes); expected a pickle");
        }

        var m = new Machine(source, options, (long)(data.Length * options.MaxAllocationFactor) + 1024);
        return m.Run(data);
    }

    private sealed class Machine(string source, SafePickleOptions options, long budget)
    {
        private readonly List<object?> _stack = [];
        private readonly Stack<int> _marks = new();
        private readonly Dictionary<long, object?> _memo = [];
        private long _allocated;
        private int _pos;
        private long _opAt;

        public object? Run(ReadOnlySpan<byte> d)
        {
            while (true)
            {
                _opAt = _pos;
                byte op = Bytes(d, 1)[0];
                switch (op)
                {
                    case 0x80: // PROTO
                        byte proto = Bytes(d, 1)[0];
                        if (proto > 5)
                        {
                            throw Error($"pickle protocol {proto} is not supported (2 to 5 are)");
                        }

                        break;
                    case 0x95: Bytes(d, 8); break; // FRAME: only a length hint
                    case 0x2E: // STOP
                        if (_stack.Count != 1 || _marks.Count != 0)
                        {
                            throw Error($"STOP with {_stack.Count} values on the stack (1 expected)");
                        }

                        return Resolve(_stack[0]);
                    case 0x55: Push(ReadBytes(d, Bytes(d, 1)[0])); break;                                  // SHORT_BINSTRING (Python 2 str = bytes)
                    case 0x54: Push(ReadBytes(d, Length(BinaryPrimitives.ReadInt32LittleEndian(Bytes(d, 4))))); break; // BINSTRING
                    case 0x43: Push(ReadBytes(d, Bytes(d, 1)[0])); break;                                  // SHORT_BINBYTES
                    case 0x42: Push(ReadBytes(d, Length(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(d, 4))))); break; // BINBYTES
                    case 0x8E: // BINBYTES8
                    case 0x96: // BYTEARRAY8
                        Push(ReadBytes(d, Length(BinaryPrimitives.ReadUInt64LittleEndian(Bytes(d, 8)))));
                        break;
                    case 0x8C: Push(ReadText(d, Bytes(d, 1)[0])); break;                                   // SHORT_BINUNICODE
                    case 0x58: Push(ReadText(d, Length(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(d, 4))))); break; // BINUNICODE
                    case 0x8D: Push(ReadText(d, Length(BinaryPrimitives.ReadUInt64LittleEndian(Bytes(d, 8))))); break; // BINUNICODE8
                    case 0x5D: Push(new List<object?>()); break;                                           // EMPTY_LIST
                    case 0x7D: Push(new Dictionary<object, object?>()); break;                             // EMPTY_DICT
                    case 0x29: Push(new PickleTuple([])); break;                                           // EMPTY_TUPLE
                    case 0x61: // APPEND
                        {
                            object? item = Pop();
                            ListAt(_stack.Count - 1).Add(item);
                            break;
                        }

                    case 0x65: // APPENDS
                        {
                            var items = PopToMark();
                            ListAt(_stack.Count - 1).AddRange(items);
                            break;
                        }

                    case 0x73: // SETITEM
                        {
                            object? value = Pop();
                            object? key = Pop();
                            DictAt(_stack.Count - 1)[Key(key)] = value;
                            break;
                        }

                    case 0x75: // SETITEMS
                        {
                            var items = PopToMark();
                            if (items.Length % 2 != 0)
                            {
                                throw Error("SETITEMS with an odd number of values");
                            }

                            var dict = DictAt(_stack.Count - 1);
                            for (int i = 0; i < items.Length; i += 2)
                            {
                                dict[Key(items[i])] = items[i + 1];
                            }

                            break;
                        }

                    case 0x28: // MARK
                        if (_marks.Count >= options.MaxDepth)
                        {
                            throw Error($"nesting deeper than {options.MaxDepth}");
                        }

                        _marks.Push(_stack.Count);
                        break;
                    case 0x74: Push(new PickleTuple(PopToMark())); break;                                  // TUPLE
                    case 0x85: Push(new PickleTuple([Pop()])); break;                                      // TUPLE1
                    case 0x86: // TUPLE2
                        {
                            object? b = Pop(), a = Pop();
                            Push(new PickleTuple([a, b]));
                            break;
                        }

                    case 0x87: // TUPLE3
                        {
                            object? c = Pop(), b = Pop(), a = Pop();
                            Push(new PickleTuple([a, b, c]));
                            break;
                        }

                    case 0x88: Push(true); break;   // NEWTRUE
                    case 0x89: Push(false); break;  // NEWFALSE
                    case 0x4E: Push(null); break;   // NONE
                    case 0x4B: Push((long)Bytes(d, 1)[0]); break;                                        // BININT1
                    case 0x4D: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(d, 2))); break;  // BININT2
                    case 0x4A: Push((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(d, 4))); break;   // BININT
                    case 0x47: Push(BinaryPrimitives.ReadDoubleBigEndian(Bytes(d, 8))); break;           // BINFLOAT
                    case 0x8A: Push(ReadLong1(d)); break;                                                // LONG1
                    case 0x71: Memo(Bytes(d, 1)[0]); break;                                              // BINPUT
                    case 0x72: Memo(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(d, 4))); break;        // LONG_BINPUT
                    case 0x94: Memo(_memo.Count); break;                                                 // MEMOIZE
                    case 0x68: Push(Recall(Bytes(d, 1)[0])); break;                                      // BINGET
                    case 0x6A: Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(d, 4)))); break; // LONG_BINGET
                    case 0x63: // GLOBAL
                        {
                            string module = ReadLine(d), name = ReadLine(d);
                            Push(Global(module, name));
                            break;
                        }

                    case 0x93: // STACK_GLOBAL
                        {
                            object? name = Pop(), module = Pop();
                            if (module is not string ms || name is not string ns)
                            {
                                throw Error("STACK_GLOBAL expects two strings");
                            }

                            Push(Global(ms, ns));
                            break;
                        }

                    case 0x52: // REDUCE
                        {
                            object? args = Pop(), callable = Pop();
                            Push(Reduce(callable, args));
                            break;
                        }

                    case 0x62: // BUILD
                        {
                            object? state = Pop();
                            Build(Peek(), state);
                            break;
                        }

                    default:
                        throw Error($"opcode 0x{op:X2} ('{(op is >= 0x20 and < 0x7F ? (char)op : '?')}') is not allowed in a benchmark pickle (only data opcodes are interpreted; nothing is executed)");
                }
            }
        }

        private FaceSynthDataException Error(string message) => FaceSynthDataException.AtOffset(source, _opAt, message);

        private ReadOnlySpan<byte> Bytes(ReadOnlySpan<byte> d, int n)
        {
            if (d.Length - _pos < n)
            {
                throw FaceSynthDataException.AtOffset(source, _pos, _pos >= d.Length
                    ? "the pickle ends without a STOP opcode (truncated file?)"
                    : $"truncated: {n} bytes expected, {d.Length - _pos} left");
            }

            var s = d.Slice(_pos, n);
            _pos += n;
            return s;
        }

        private int Length(long n) => n < 0 || n > int.MaxValue
            ? throw Error($"invalid length {n}")
            : (int)n;

        private int Length(ulong n) => n > int.MaxValue ? throw Error($"length {n} is too large") : (int)n;

        private void Charge(long bytes)
        {
            _allocated += bytes;
            if (_allocated > budget)
            {
                throw Error($"the pickle creates more than {budget} bytes of data (limit: {options.MaxAllocationFactor} x the file size)");
            }
        }

        private byte[] ReadBytes(ReadOnlySpan<byte> d, int n)
        {
            var span = Bytes(d, n); // bounds-checked against the file before allocating
            Charge(n);
            return span.ToArray();
        }

        private string ReadText(ReadOnlySpan<byte> d, int n)
        {
            var span = Bytes(d, n);
            Charge(n * 2L);
            try
            {
                return new UTF8Encoding(false, true).GetString(span);
            }
            catch (DecoderFallbackException)
            {
                throw Error("invalid UTF-8 in a text string");
            }
        }

        private string ReadLine(ReadOnlySpan<byte> d)
        {
            int end = d[_pos..].IndexOf((byte)'\n');
            if (end < 0 || end > 256)
            {
                throw Error("GLOBAL name is not a newline-terminated line of at most 256 bytes");
            }

            string s = Encoding.ASCII.GetString(d.Slice(_pos, end));
            _pos += end + 1;
            return s;
        }

        private object ReadLong1(ReadOnlySpan<byte> d)
        {
            int n = Bytes(d, 1)[0];
            if (n > 8)
            {
                throw Error($"integer of {n} bytes does not fit in 64 bits");
            }

            var b = Bytes(d, n);
            long v = 0;
            for (int i = n - 1; i >= 0; i--)
            {
                v = (v << 8) | b[i];
            }

            if (n is > 0 and < 8 && (b[n - 1] & 0x80) != 0)
            {
                v -= 1L << (8 * n);
            }

            return v;
        }

        private void Push(object? value) => _stack.Add(value);

        private object? Pop()
        {
            int floor = _marks.Count > 0 ? _marks.Peek() : 0;
            if (_stack.Count <= floor)
            {
                throw Error("stack underflow");
            }

            object? v = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            return v;
        }

        private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Error("stack underflow");

        private object?[] PopToMark()
        {
            if (_marks.Count == 0)
            {
                throw Error("no MARK on the stack");
            }

            int at = _marks.Pop();
            var items = _stack.GetRange(at, _stack.Count - at).ToArray();
            _stack.RemoveRange(at, _stack.Count - at);
            return items;
        }

        private List<object?> ListAt(int i) => i >= 0 && _stack[i] is List<object?> l ? l : throw Error("APPEND target is not a list");

        private Dictionary<object, object?> DictAt(int i) => i >= 0 && _stack[i] is Dictionary<object, object?> dct ? dct : throw Error("SETITEM target is not a dict");

        private object Key(object? key) => key switch
        {
            string or long or bool or double => key!,
            _ => throw Error($"dictionary key of type {key?.GetType().Name ?? "None"} is not supported"),
        };

        private void Memo(long index)
        {
            if (_memo.Count >= options.MaxMemo && !_memo.ContainsKey(index))
            {
                throw Error($"more than {options.MaxMemo} memo entries");
            }

            _memo[index] = Peek();
        }

        private object? Recall(long index) => _memo.TryGetValue(index, out var v) ? v : throw Error($"memo entry {index} was never stored");

        private PickleGlobal Global(string module, string name)
        {
            var g = new PickleGlobal(module, name);
            return Whitelist.Contains(g.FullName)
                ? g
                : throw Error($"global '{g.FullName}' is not allowed (a pickle can call any function by name; only numpy arrays and byte strings are accepted)");
        }

        private object? Reduce(object? callable, object? args)
        {
            if (callable is not PickleGlobal g || args is not PickleTuple t)
            {
                throw Error("REDUCE needs an allowed global and an argument tuple");
            }

            switch (g.FullName)
            {
                case "_codecs.encode":
                    if (t.Count == 2 && t.Items[0] is string text && t.Items[1] is "latin1" or "latin-1")
                    {
                        var bytes = new byte[text.Length];
                        for (int i = 0; i < text.Length; i++)
                        {
                            bytes[i] = text[i] <= '\u00FF' ? (byte)text[i] : throw Error("latin1 text contains a character above U+00FF");
                        }

                        Charge(bytes.Length);
                        return bytes;
                    }

                    throw Error("_codecs.encode accepts only (text, 'latin1')");
                case "numpy.dtype":
                    return t.Count >= 1 && t.Items[0] is string code ? new PickleDType(code) : throw Error("numpy.dtype expects a type string");
                case "numpy.core.multiarray._reconstruct":
                case "numpy._core.multiarray._reconstruct":
                    return t.Count >= 1 && t.Items[0] is PickleGlobal { Name: "ndarray" } ? new PickleArrayPlaceholder() : throw Error("_reconstruct accepts only numpy.ndarray");
                case "numpy.core.numeric._frombuffer":
                case "numpy._core.numeric._frombuffer":
                    if (t.Count == 4 && t.Items[0] is byte[] buffer && t.Items[1] is PickleDType dt && t.Items[2] is PickleTuple shape)
                    {
                        return MakeArray(dt, shape, buffer);
                    }

                    throw Error("_frombuffer expects (buffer, dtype, shape, order)");
                default:
                    throw Error($"'{g.FullName}' cannot be called");
            }
        }

        private void Build(object? target, object? state)
        {
            switch (target)
            {
                case PickleDType dt when state is PickleTuple s && s.Count >= 2 && s.Items[1] is string order && order.Length == 1:
                    dt.ByteOrder = order[0];
                    break;
                case PickleArrayPlaceholder p when state is PickleTuple s && s.Count == 5 && s.Items[1] is PickleTuple shape && s.Items[2] is PickleDType dt:
                    if (s.Items[3] is true)
                    {
                        throw Error("Fortran-order arrays are not supported");
                    }

                    p.Value = s.Items[4] switch
                    {
                        byte[] raw => MakeArray(dt, shape, raw),
                        string latin => MakeArray(dt, shape, Encoding.Latin1.GetBytes(latin)),
                        _ => throw Error("array data must be a byte string (object arrays are not supported)"),
                    };
                    break;
                default:
                    throw Error($"BUILD on {target?.GetType().Name ?? "None"} is not supported");
            }
        }

        private PickleNdArray MakeArray(PickleDType dt, PickleTuple shape, byte[] data)
        {
            var dims = new long[shape.Count];
            long count = 1;
            for (int i = 0; i < dims.Length; i++)
            {
                dims[i] = shape.Items[i] is long v && v >= 0 ? v : throw Error("array shape must hold non-negative integers");
                count *= dims[i];
            }

            if (count * dt.ItemSize != data.Length)
            {
                throw Error($"array of shape ({string.Join(", ", dims)}) and dtype {dt.Str} needs {count * dt.ItemSize} bytes, the data has {data.Length}");
            }

            return new PickleNdArray(dt.Str, dims, data);
        }

        private object? Resolve(object? v) => v switch
        {
            PickleArrayPlaceholder p => p.Value ?? throw Error("an array was never filled by BUILD"),
            PickleGlobal or PickleDType => throw Error("the pickle's result is a bare global"),
            List<object?> l => ResolveList(l),
            PickleTuple t => new PickleTuple([.. t.Items.Select(Resolve)]),
            _ => v,
        };

        private List<object?> ResolveList(List<object?> l)
        {
            for (int i = 0; i < l.Count; i++)
            {
                l[i] = Resolve(l[i]);
            }

            return l;
        }
    }
}
