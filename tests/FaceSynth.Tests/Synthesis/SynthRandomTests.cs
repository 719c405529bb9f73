using FaceSynth.Synthesis;

namespace FaceSynth.Tests.Synthesis;

/// <summary>Expected values come from an independent Python transcription of SYNTHESIS.md 2.2.</summary>
public class SynthRandomTests
{
    [Fact]
    public void SplitMix64AndFnvMatchReference()
    {
        Assert.Equal(0xE220A8397B1DCDAFUL, SynthRandom.Mix64(0));
        Assert.Equal(0x68F60C194EC50B7EUL, SynthRandom.Tag("vmf"));
    }

    [Fact]
    public void StreamMatchesReference()
    {
        var rng = new SynthRandom(42, "identities/uniform", 3);
        Assert.Equal(0xDE1E18164EAA0DB4UL, rng.Next());
        Assert.Equal(0x5994C5C5615574E4UL, rng.Next());
        Assert.Equal(0x8E975F142DA86681UL, rng.Next());
    }

    [Fact]
    public void BoxMullerPairOrder()
    {
        var rng = new SynthRandom(7, "langevin/noise", 5, 9);
        Assert.Equal(-1.6041405851350041, rng.Normal(), 14);
        Assert.Equal(-0.22921120716289445, rng.Normal(), 14);
    }

    [Fact]
    public void BetaMeanMatchesTheory()
    {
        // Beta(a, b) has mean a / (a + b); 20,000 draws give a standard error below 0.002.
        var rng = new SynthRandom(1, "test/beta");
        double sum = 0;
        for (int k = 0; k < 20000; k++)
        {
            sum += rng.Beta(2.5, 7.5);
        }

        Assert.Equal(0.25, sum / 20000, 2);
    }
}
