using System.Xml;

namespace Gantry.Cataloging.Java;

/// <summary>Maven coordinates of an artifact.</summary>
internal sealed record MavenCoordinates(string? GroupId, string? ArtifactId, string? Version);

/// <summary>Parsers of the metadata files found in Java archives.</summary>
internal static class JavaMetadataParsers
{
    /// <summary><c>pom.properties</c>: Java properties, <c>key=value</c> or <c>key: value</c>, '#' and '!' comments.</summary>
    public static MavenCoordinates ParsePomProperties(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            var separator = line.IndexOfAny(['=', ':']);
            if (separator > 0)
            {
                values[line[..separator].Trim()] = line[(separator + 1)..].Trim();
            }
        }

        return new MavenCoordinates(values.GetValueOrDefault("groupId"), values.GetValueOrDefault("artifactId"), values.GetValueOrDefault("version"));
    }

    /// <summary>
    /// <c>pom.xml</c>: the project's own groupId/artifactId/version, inheriting groupId and version from
    /// <c>&lt;parent&gt;</c> when absent. DTDs are refused, so entity expansion attacks cannot run.
    /// </summary>
    public static MavenCoordinates ParsePomXml(string text)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = JavaLimits.MaxMetadataBytes * 2L };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        var document = new XmlDocument { XmlResolver = null };
        document.Load(reader);
        var project = document.DocumentElement ?? throw new XmlException("no root element");
        string? Child(XmlElement? parent, string name) =>
            parent?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name)?.InnerText.Trim() is { Length: > 0 } v && !v.Contains("${", StringComparison.Ordinal) ? v : null;
        var parentElement = project.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "parent");
        return new MavenCoordinates(Child(project, "groupId") ?? Child(parentElement, "groupId"), Child(project, "artifactId"),
            Child(project, "version") ?? Child(parentElement, "version"));
    }

    /// <summary>
    /// The main section of <c>META-INF/MANIFEST.MF</c>: <c>Name: value</c> lines, continuation lines
    /// starting with one space, the main section ending at the first blank line.
    /// </summary>
    public static Dictionary<string, string> ParseManifest(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] == ' ' && last is not null)
            {
                attributes[last] += line[1..];
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                last = line[..colon].Trim();
                attributes[last] = line[(colon + 1)..].Trim();
            }
        }

        return attributes;
    }
}
