namespace FaceSynth.Server.Submissions;

/// <summary>One file of a submission as uploaded (or unpacked from a zip upload).</summary>
/// <param name="Name">The file name (no folders).</param>
/// <param name="Content">The bytes.</param>
public sealed record UploadedFile(string Name, byte[] Content);

/// <summary>A submission rejected before it reached the queue; <see cref="Exception.Message"/> tells the participant what to fix.</summary>
public sealed class SubmissionRejectedException : Exception
{
    /// <summary>Creates a rejection.</summary>
    public SubmissionRejectedException(string message, int statusCode = 422)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>Creates a rejection.</summary>
    public SubmissionRejectedException()
        : this("the submission was rejected")
    {
    }

    /// <summary>Creates a rejection.</summary>
    public SubmissionRejectedException(string message, Exception inner)
        : base(message, inner)
    {
        StatusCode = 422;
    }

    /// <summary>HTTP status that reports it (422 for a bad file, 413 for an oversized upload).</summary>
    public int StatusCode { get; }
}
