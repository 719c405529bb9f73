namespace FaceSynth.Synthesis;

/// <summary>Checks of sampler parameters with messages a user can act on.</summary>
internal static class SamplerValidation
{
    public static void CheckShape(int count, int dim)
    {
        if (count < 2)
        {
            throw new FaceSynthDataException("--count", $"{count} identities requested; need at least 2 (a spherical code needs a pair)");
        }

        if (dim < 2)
        {
            throw new FaceSynthDataException("--dim", $"dimension {dim} requested; need at least 2");
        }

        if ((long)count * dim > Array.MaxLength)
        {
            throw new FaceSynthDataException("--count", $"{count} x {dim} values do not fit in one array");
        }
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new FaceSynthDataException(name, $"must be a positive finite number, got {value}");
        }
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new FaceSynthDataException(name, $"must be a finite number >= 0, got {value}");
        }
    }
}
