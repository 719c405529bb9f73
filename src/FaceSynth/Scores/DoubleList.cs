namespace FaceSynth.Scores;

/// <summary>A growable double array without per-element overhead (List&lt;double&gt; minus the bounds indirection).</summary>
internal sealed class DoubleList
{
    private double[] _items = new double[256];

    public int Count { get; private set; }

    public void Add(double value)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, (int)Math.Min(Array.MaxLength, (long)_items.Length * 2));
        }

        _items[Count++] = value;
    }

    public double[] ToArray() => _items.AsSpan(0, Count).ToArray();
}
