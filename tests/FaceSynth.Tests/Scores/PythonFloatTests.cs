using System.Text;
using FaceSynth.Scores;

namespace FaceSynth.Tests.Scores;

public class PythonFloatTests
{
    [Theory]
    [InlineData("nan", double.NaN)]
    [InlineData("NaN", double.NaN)]
    [InlineData("-nan", double.NaN)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("+INF", double.PositiveInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("-infinity", double.NegativeInfinity)]
    [InlineData("1_000.5", 1000.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1E5", 100000.0)]
    [InlineData("-1.5e-3", -0.0015)]
    [InlineData("+2", 2.0)]
    [InlineData("-0.33446709030362043", -0.33446709030362043)]
    public void ParsesPythonFloatSyntax(string text, double expected)
    {
        Assert.True(PythonFloat.TryParse(Encoding.ASCII.GetBytes(text), out double v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("1e")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("infinit")]
    [InlineData("nan1")]
    [InlineData("--1")]
    public void RejectsWhatPythonRejects(string text) =>
        Assert.False(PythonFloat.TryParse(Encoding.ASCII.GetBytes(text), out _));

    // Expected strings are Python 3 repr() outputs.
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345678.0, "1.2345678901234568e+17")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(2.5e300, "2.5e+300")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(-1379.79268746, "-1379.79268746")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(100.0, "100.0")]
    [InlineData(0.00012345, "0.00012345")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void FormatsLikePythonRepr(double value, string expected) =>
        Assert.Equal(expected, ScoreFile.FormatPython(value));
}
