using System.Net;
using System.Text;
using FaceSynth.Reports.Plots;

namespace FaceSynth.Reports.Html;

/// <summary>
/// Builds a small self-contained HTML page: headings, paragraphs, notices, key/value lists, tables,
/// preformatted text and images (embedded as data URIs or linked beside the page). Every text argument is
/// HTML-escaped; the page carries its own CSS and needs no network access.
/// </summary>
public sealed class HtmlReport
{
    private readonly StringBuilder _body = new();

    /// <summary>Starts a report with a page title.</summary>
    public HtmlReport(string title)
    {
        Title = title ?? throw new ArgumentNullException(nameof(title));
    }

    /// <summary>The page title (also the first heading).</summary>
    public string Title { get; }

    /// <summary>Escapes text for HTML element content and attribute values.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>Starts a section with a level-2 heading (an <c>id</c> anchor is derived from the text).</summary>
    public HtmlReport Section(string heading)
    {
        _body.Append("<h2 id=\"").Append(Escape(Anchor(heading))).Append("\">").Append(Escape(heading)).AppendLine("</h2>");
        return this;
    }

    /// <summary>Adds a level-3 heading.</summary>
    public HtmlReport Subsection(string heading)
    {
        _body.Append("<h3>").Append(Escape(heading)).AppendLine("</h3>");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public HtmlReport Paragraph(string text)
    {
        _body.Append("<p>").Append(Escape(text)).AppendLine("</p>");
        return this;
    }

    /// <summary>Adds a highlighted notice box (for example "synthetic data").</summary>
    public HtmlReport Notice(string text)
    {
        _body.Append("<div class=\"notice\">").Append(Escape(text)).AppendLine("</div>");
        return this;
    }

    /// <summary>Adds a two-column key/value table.</summary>
    public HtmlReport KeyValues(IEnumerable<KeyValuePair<string, string>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _body.AppendLine("<table class=\"kv\">");
        foreach (var (k, v) in items)
        {
            _body.Append("<tr><th>").Append(Escape(k)).Append("</th><td>").Append(Escape(v)).AppendLine("</td></tr>");
        }

        _body.AppendLine("</table>");
        return this;
    }

    /// <summary>Adds a table with a header row; cells after the first column are right-aligned (numbers).</summary>
    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        _body.AppendLine("<table>");
        if (caption is not null)
        {
            _body.Append("<caption>").Append(Escape(caption)).AppendLine("</caption>");
        }

        _body.Append("<thead><tr>");
        foreach (var h in header)
        {
            _body.Append("<th>").Append(Escape(h)).Append("</th>");
        }

        _body.AppendLine("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            _body.Append("<tr>");
            for (var c = 0; c < r.Count; c++)
            {
                _body.Append(c == 0 ? "<td>" : "<td class=\"num\">").Append(Escape(r[c])).Append("</td>");
            }

            _body.AppendLine("</tr>");
        }

        _body.AppendLine("</tbody></table>");
        return this;
    }

    /// <summary>Adds preformatted text (for example the console table).</summary>
    public HtmlReport Preformatted(string text)
    {
        _body.Append("<pre>").Append(Escape(text)).AppendLine("</pre>");
        return this;
    }

    /// <summary>Embeds a PNG as a data URI (the page stays a single file) with a caption.</summary>
    public HtmlReport EmbeddedImage(PlotImage image, string caption)
    {
        ArgumentNullException.ThrowIfNull(image);
        var src = "data:image/png;base64," + Convert.ToBase64String(image.Png);
        return Figure(src, caption, image.Width, null);
    }

    /// <summary>
    /// Shows an image file that lies beside the page (path relative to the page), with an optional link to another
    /// rendering of it (for example the SVG).
    /// </summary>
    public HtmlReport LinkedImage(string relativePath, string caption, int? width = null, string? alternateLink = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        return Figure(UrlPath(relativePath), caption, width, alternateLink is null ? null : UrlPath(alternateLink));
    }

    /// <summary>Places the following figures side by side until <see cref="EndRow"/>.</summary>
    public HtmlReport BeginRow()
    {
        _body.AppendLine("<div class=\"row\">");
        return this;
    }

    /// <summary>Ends a row started with <see cref="BeginRow"/>.</summary>
    public HtmlReport EndRow()
    {
        _body.AppendLine("</div>");
        return this;
    }

    /// <summary>Renders the complete page.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<meta name=\"generator\" content=\"FaceSynth ").Append(Escape(typeof(HtmlReport).Assembly.GetName().Version?.ToString(3))).AppendLine("\">");
        sb.Append("<title>").Append(Escape(Title)).AppendLine("</title>");
        sb.AppendLine("<style>");
        sb.AppendLine(Css);
        sb.AppendLine("</style></head><body>");
        sb.Append("<h1>").Append(Escape(Title)).AppendLine("</h1>");
        sb.Append(_body);
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    /// <summary>Writes the page to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToHtml());

    private HtmlReport Figure(string src, string caption, int? width, string? alternate)
    {
        _body.Append("<figure><img src=\"").Append(Escape(src)).Append("\" alt=\"").Append(Escape(caption)).Append('"');
        if (width is int w)
        {
            _body.Append(" width=\"").Append(w).Append('"');
        }

        _body.Append("><figcaption>").Append(Escape(caption));
        if (alternate is not null)
        {
            _body.Append(" (<a href=\"").Append(Escape(alternate)).Append("\">").Append(Escape(Path.GetExtension(alternate).TrimStart('.').ToUpperInvariant())).Append("</a>)");
        }

        _body.AppendLine("</figcaption></figure>");
        return this;
    }

    // Relative file names become URL paths: each segment percent-escaped, forward slashes.
    private static string UrlPath(string relative) =>
        string.Join('/', relative.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    private static string Anchor(string heading)
    {
        var sb = new StringBuilder();
        foreach (var ch in heading.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '-');
        }

        return sb.ToString().Trim('-');
    }

    private const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
        h1 { border-bottom: 2px solid #0072B2; padding-bottom: .3em; }
        h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 1em 0; }
        th, td { border: 1px solid #ccc; padding: .3em .7em; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        thead th { background: #f0f4f8; }
        table.kv th { background: #f7f7f7; font-weight: normal; }
        caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: .3em; }
        pre { background: #f7f7f7; padding: .8em; overflow-x: auto; }
        .notice { background: #fff4d6; border-left: 4px solid #E69F00; padding: .6em 1em; margin: 1em 0; }
        .row { display: flex; flex-wrap: wrap; gap: 1em; }
        figure { margin: 1em 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
        figcaption { font-size: .9em; color: #555; }
        """;
}
