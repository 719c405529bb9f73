namespace FaceSynth.Scores;

/// <summary>
/// Orders strings by Unicode code point, as Python's <c>sorted()</c> does. Plain ordinal comparison
/// orders by UTF-16 unit, which differs for characters above U+FFFF versus U+E000..U+FFFF.
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static CodePointComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            char a = x[i], b = y[i];
            if (a != b)
            {
                return Fix(a) - Fix(b);
            }
        }

        return x.Length - y.Length;
    }

    // Surrogates (D800-DFFF) encode code points above FFFF: lift them above every BMP unit.
    private static int Fix(char c) => c >= '\uD800' && c <= '\uDFFF' ? c + 0x2000 : c >= '\uE000' ? c - 0x800 : c;
}
