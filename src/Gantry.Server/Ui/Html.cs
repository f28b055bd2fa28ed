using System.Text;
using System.Text.Encodings.Web;

namespace Gantry.Server.Ui;

/// <summary>
/// Writes HTML where data can only ever be text: element and attribute names are the UI's own constants, and every
/// text and attribute value is HTML-encoded. Links accept only the UI's own paths and http(s) URLs, so a value such as
/// <c>javascript:</c> taken from an image is never a link target.
/// </summary>
public sealed class Html
{
    private readonly StringBuilder _out = new(16 * 1024);

    public Html Open(string tag, params (string Name, string? Value)[] attributes)
    {
        _out.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is null)
            {
                continue;
            }

            _out.Append(' ').Append(name);
            if (value.Length > 0)
            {
                _out.Append("=\"").Append(HtmlEncoder.Default.Encode(value)).Append('"');
            }
        }

        _out.Append('>');
        return this;
    }

    public Html Close(string tag)
    {
        _out.Append("</").Append(tag).Append('>');
        return this;
    }

    public Html Text(string? text)
    {
        _out.Append(HtmlEncoder.Default.Encode(text ?? string.Empty));
        return this;
    }

    /// <summary>An element holding only text.</summary>
    public Html Element(string tag, string? text, params (string Name, string? Value)[] attributes) => Open(tag, attributes).Text(text).Close(tag);

    /// <summary>An element whose content <paramref name="content"/> writes.</summary>
    public Html Element(string tag, Action content, params (string Name, string? Value)[] attributes)
    {
        ArgumentNullException.ThrowIfNull(content);
        Open(tag, attributes);
        content();
        return Close(tag);
    }

    /// <summary>A link to a path of this service, or to an http(s) URL; anything else (<c>javascript:</c>, <c>data:</c>) is written as plain text.</summary>
    public Html Link(string href, string? text, params (string Name, string? Value)[] attributes) =>
        IsSafeHref(href) ? Element("a", text, [("href", href), .. attributes]) : Text(text);

    public static bool IsSafeHref(string href)
    {
        ArgumentNullException.ThrowIfNull(href);
        if (href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) && !href.Contains('\\', StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(href, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
    }

    /// <summary>Markup the UI itself wrote (the chart's SVG built through another <see cref="Html"/>), never data.</summary>
    public Html Append(Html other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _out.Append(other._out);
        return this;
    }

    public override string ToString() => _out.ToString();
}
