using System.Globalization;
using System.Text.Json;
using Gantry.Core;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// Reads the two JSON shapes a scan fetches thousands of times (an <c>affected</c> row's blob and a vulnerability
/// record) straight off a <see cref="Utf8JsonReader"/>. The serializer's object converters cost several times more per
/// record on a cold start, and a scan is mostly cold start. The writer stays <see cref="StoreJson"/>; the store's
/// round-trip tests keep the two in step. Unknown properties are skipped, so older readers accept newer records.
/// </summary>
internal static class StoredRecordReader
{
    /// <summary>An <c>affected</c> row's blob, straight into the model's ranges (no wire-shape objects in between).</summary>
    public static StoredAffected ReadAffected(ReadOnlySpan<byte> utf8)
    {
        var reader = Open(utf8);
        List<AffectedRange>? ranges = null;
        List<string>? versions = null, fixedVersions = null;
        List<GoImport>? imports = null;
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "ranges": ranges = ReadArray(ref reader, ReadRange); break;
                case "versions": versions = ReadStrings(ref reader); break;
                case "fixed": fixedVersions = ReadStrings(ref reader); break;
                case "imports": imports = ReadArray(ref reader, ReadGoImport); break;
                default: reader.Skip(); break;
            }
        }

        return new StoredAffected(ranges ?? [], versions ?? [], fixedVersions ?? [], imports ?? []);
    }

    public static Vulnerability ReadVulnerability(ReadOnlySpan<byte> utf8)
    {
        var reader = Open(utf8);
        string id = string.Empty, source = string.Empty;
        string? summary = null, details = null, severitySource = null;
        var severity = Severity.Unknown;
        List<string>? aliases = null, references = null, cwes = null;
        List<CvssScore>? cvss = null;
        DateTimeOffset? published = null, modified = null, withdrawn = null;
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "id": id = reader.GetString()!; break;
                case "aliases": aliases = ReadStrings(ref reader); break;
                case "summary": summary = reader.GetString(); break;
                case "details": details = reader.GetString(); break;
                case "severity": severity = Enum.Parse<Severity>(reader.GetString()!, ignoreCase: true); break;
                case "severity_source": severitySource = reader.GetString(); break;
                case "cvss": cvss = ReadArray(ref reader, ReadCvss); break;
                case "published": published = ReadDate(ref reader); break;
                case "modified": modified = ReadDate(ref reader); break;
                case "withdrawn": withdrawn = ReadDate(ref reader); break;
                case "references": references = ReadStrings(ref reader); break;
                case "cwes": cwes = ReadStrings(ref reader); break;
                case "source": source = reader.GetString()!; break;
                default: reader.Skip(); break;
            }
        }

        return new Vulnerability
        {
            Id = id,
            Aliases = aliases ?? [],
            Summary = summary,
            Details = details,
            Severity = severity,
            SeveritySource = severitySource,
            Cvss = cvss ?? [],
            Published = published,
            Modified = modified,
            Withdrawn = withdrawn,
            References = references ?? [],
            Cwes = cwes ?? [],
            Source = source,
        };
    }

    private static Utf8JsonReader Open(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        Expect(ref reader, JsonTokenType.StartObject);
        return reader;
    }

    private static AffectedRange ReadRange(ref Utf8JsonReader reader)
    {
        string type = AffectedRange.Ecosystem;
        string? repo = null;
        var events = new List<RangeEvent>();
        Expect(ref reader, JsonTokenType.StartObject);
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "type": type = reader.GetString()!; break;
                case "repo": repo = reader.GetString(); break;
                case "events": events = ReadArray(ref reader, ReadEvent); break;
                default: reader.Skip(); break;
            }
        }

        return new AffectedRange(type, events, repo);
    }

    private static GoImport ReadGoImport(ref Utf8JsonReader reader)
    {
        var path = string.Empty;
        List<string>? symbols = null, goos = null, goarch = null;
        Expect(ref reader, JsonTokenType.StartObject);
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "path": path = reader.GetString()!; break;
                case "symbols": symbols = ReadStrings(ref reader); break;
                case "goos": goos = ReadStrings(ref reader); break;
                case "goarch": goarch = ReadStrings(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return new GoImport(path, symbols ?? [], goos ?? [], goarch ?? []);
    }

    /// <summary>One OSV event: an object with a single property, <c>{"fixed": "1.2.3"}</c>.</summary>
    private static RangeEvent ReadEvent(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var name = NextProperty(ref reader) ?? throw new InvalidDataException("empty range event in the database");
        var version = reader.GetString()!;
        while (NextProperty(ref reader) is not null)
        {
            reader.Skip();
        }

        return RangeEventNames.TryParse(name, out var kind)
            ? new RangeEvent(kind, version)
            : throw new InvalidDataException($"unknown range event '{name}' in the database");
    }

    private static CvssScore ReadCvss(ref Utf8JsonReader reader)
    {
        string version = string.Empty, vector = string.Empty;
        double? score = null;
        string? source = null;
        Expect(ref reader, JsonTokenType.StartObject);
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "version": version = reader.GetString()!; break;
                case "vector": vector = reader.GetString()!; break;
                case "base_score": score = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble(); break;
                case "source": source = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }

        return new CvssScore(version, vector, score, source);
    }

    private delegate T ElementReader<out T>(ref Utf8JsonReader reader);

    private static List<T> ReadArray<T>(ref Utf8JsonReader reader, ElementReader<T> element)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"expected an array, found {reader.TokenType}");
        }

        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(element(ref reader));
        }

        return items;
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader) => ReadArray(ref reader, static (ref Utf8JsonReader r) => r.GetString()!);

    private static DateTimeOffset? ReadDate(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>Moves to the next property's value and returns its name; null at the end of the object.</summary>
    private static string? NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return null;
        }

        var name = reader.GetString()!;
        reader.Read();
        return name;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            reader.Read();
        }

        if (reader.TokenType != token)
        {
            throw new JsonException($"expected {token}, found {reader.TokenType}");
        }
    }
}

/// <summary>What an <c>affected</c> row's blob holds.</summary>
internal sealed record StoredAffected(IReadOnlyList<AffectedRange> Ranges, IReadOnlyList<string> Versions, IReadOnlyList<string> Fixed, IReadOnlyList<GoImport> Imports);
