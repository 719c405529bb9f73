namespace FaceSynth.Vision.Pipeline;

/// <summary>One input image of an embedding run: a stable id, an optional label and a way to read its encoded bytes.</summary>
/// <param name="Id">Identifies the image in outputs and failure lists (relative path, <c>bin:i</c>, <c>rec:key</c>).</param>
/// <param name="Label">Class or identity label, if the input has one.</param>
/// <param name="Load">Returns the encoded image bytes (may throw <see cref="FaceSynthDataException"/>).</param>
public sealed record EmbedItem(string Id, string? Label, Func<byte[]> Load);
