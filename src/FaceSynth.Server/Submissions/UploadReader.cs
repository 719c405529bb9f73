using System.Text;
using FaceSynth.Server.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FaceSynth.Server.Submissions;

/// <summary>What a multipart submission request carried: form fields, files, and the reason it cannot be accepted, if any.</summary>
public sealed class ParsedUpload
{
    /// <summary>Text fields (first value of each name).</summary>
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Uploaded files, zip archives unpacked.</summary>
    public List<UploadedFile> Files { get; } = [];

    /// <summary>Bytes of all uploaded files as sent.</summary>
    public long UploadBytes { get; set; }

    /// <summary>Why the upload is refused (oversized, archive bomb, ...), null when it was read completely.</summary>
    public SubmissionRejectedException? Rejection { get; set; }

    /// <summary>Field <paramref name="name"/>, or null.</summary>
    public string? Field(string name) => Fields.TryGetValue(name, out var v) ? v : null;
}

/// <summary>Streams a multipart/form-data submission, counting bytes so an oversized upload is never held in memory.</summary>
public static class UploadReader
{
    private const int MaxFieldBytes = 16 * 1024;
    private const int MaxParts = 64;

    /// <summary>Reads the request body. Never throws for bad input: problems end up in <see cref="ParsedUpload.Rejection"/>.</summary>
    public static async Task<ParsedUpload> ReadAsync(HttpRequest request, ChallengeLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        var result = new ParsedUpload();
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Room to drain a moderately oversized upload so the client reads our verdict; beyond that the connection is cut.
            size.MaxRequestBodySize = (limits.MaxUploadBytes * 2) + (1 << 20);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            result.Rejection = new SubmissionRejectedException("send the submission as multipart/form-data (a form with the score files)", 415);
            return result;
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            result.Rejection = new SubmissionRejectedException("multipart/form-data without a valid boundary", 400);
            return result;
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = null };
        var buffer = new byte[81920];
        int parts = 0;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct).ConfigureAwait(false)) is not null)
            {
                if (++parts > MaxParts)
                {
                    result.Rejection ??= new SubmissionRejectedException($"more than {MaxParts} form parts");
                    await DrainAsync(section.Body, buffer, ct).ConfigureAwait(false);
                    continue;
                }

                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd) || !cd.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    await DrainAsync(section.Body, buffer, ct).ConfigureAwait(false);
                    continue;
                }

                string name = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? "";
                if (cd.IsFileDisposition())
                {
                    string fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value ?? "");
                    long room = result.Rejection is null ? limits.MaxUploadBytes - result.UploadBytes : 0;
                    var (content, total) = await ReadCappedAsync(section.Body, room, buffer, ct).ConfigureAwait(false);
                    result.UploadBytes += total;
                    if (content is null)
                    {
                        result.Rejection ??= new SubmissionRejectedException($"the upload is larger than the limit of {limits.MaxUploadBytes} bytes ({FormatBytes(limits.MaxUploadBytes)}); compress the score files into one zip or check that you picked the right files", 413);
                        continue;
                    }

                    if (fileName.Length == 0 && content.Length == 0)
                    {
                        continue; // an empty file input of a form
                    }

                    result.Files.Add(new UploadedFile(fileName.Length == 0 ? name : fileName, content));
                }
                else
                {
                    var (content, _) = await ReadCappedAsync(section.Body, MaxFieldBytes, buffer, ct).ConfigureAwait(false);
                    if (content is null)
                    {
                        result.Rejection ??= new SubmissionRejectedException($"form field '{name}' is longer than {MaxFieldBytes} bytes");
                        continue;
                    }

                    string value;
                    try
                    {
                        value = new UTF8Encoding(false, true).GetString(content);
                    }
                    catch (DecoderFallbackException)
                    {
                        result.Rejection ??= new SubmissionRejectedException($"form field '{name}' is not valid UTF-8");
                        continue;
                    }

                    result.Fields.TryAdd(name, value);
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            result.Rejection ??= new SubmissionRejectedException($"the upload is larger than the limit of {limits.MaxUploadBytes} bytes ({FormatBytes(limits.MaxUploadBytes)})", e.StatusCode == 413 ? 413 : 400);
        }
        catch (IOException e)
        {
            result.Rejection ??= new SubmissionRejectedException($"the upload could not be read completely ({e.Message})", 400);
        }
        catch (InvalidDataException e)
        {
            result.Rejection ??= new SubmissionRejectedException($"malformed multipart/form-data ({e.Message})", 400);
        }

        return result;
    }

    /// <summary>Unpacks zip uploads into their files; other files pass through.</summary>
    /// <exception cref="SubmissionRejectedException">An archive is unreadable or a bomb, or there are too many files.</exception>
    public static List<UploadedFile> Expand(IReadOnlyList<UploadedFile> files, ChallengeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(limits);
        var all = new List<UploadedFile>();
        long unpacked = 0;
        foreach (var f in files)
        {
            if (SafeZip.LooksLikeZip(f.Content) || f.Name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                var inner = SafeZip.Unpack(f.Content, f.Name, limits.MaxUnpackedBytes - unpacked, limits.MaxFiles);
                unpacked += inner.Sum(x => (long)x.Content.Length);
                all.AddRange(inner);
            }
            else
            {
                unpacked += f.Content.Length;
                all.Add(f);
            }

            if (all.Count > limits.MaxFiles)
            {
                throw new SubmissionRejectedException($"{all.Count} files; a submission may hold at most {limits.MaxFiles}");
            }
        }

        return all;
    }

    /// <summary>"4.0 MiB"-style size.</summary>
    public static string FormatBytes(long bytes) =>
        bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.#} MiB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KiB" : $"{bytes} bytes";

    private static async Task<(byte[]? Content, long Total)> ReadCappedAsync(Stream body, long cap, byte[] buffer, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        long total = 0;
        bool over = false;
        int read;
        while ((read = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > cap)
            {
                over = true; // keep reading (and discarding) so the client gets the verdict instead of a reset
                continue;
            }

            ms.Write(buffer, 0, read);
        }

        return (over ? null : ms.ToArray(), total);
    }

    private static async Task DrainAsync(Stream body, byte[] buffer, CancellationToken ct)
    {
        while (await body.ReadAsync(buffer, ct).ConfigureAwait(false) > 0)
        {
        }
    }
}
