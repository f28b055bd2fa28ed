using System.Text;
using Gantry.Cataloging.Secrets;
using Gantry.Core;
using Gantry.Core.Secrets;
using Gantry.Images.FileSystem;
using Gantry.Images.Layers.Cache;

namespace Gantry.Engine.Caching;

/// <summary>A catalogers' run kept in the cache, with what they read of the view.</summary>
internal sealed record CachedCatalogerRun(FileReads Reads, CatalogerRun Run);

/// <summary>
/// Writes the results kept in the layer cache besides layer indexes, as bytes in the order they were produced (so a
/// reused result is merged exactly as a fresh one), and reads them back, refusing counts the remaining bytes cannot hold
/// (<see cref="InvalidDataException"/>): the catalogers' run over a chain of layers
/// with what they read of it, and the secret scan's results for one layer's files.
/// </summary>
internal static class ResultSerializer
{
    public static void WriteCatalogers(Stream output, FileReads reads, CatalogerRun run)
    {
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        WriteStrings(writer, reads.Observed);
        WriteStrings(writer, reads.Traversed);
        WriteStrings(writer, reads.Globs);
        WriteStrings(writer, reads.ContentGlobs);
        writer.Write(run.Packages.Count);
        foreach (var package in run.Packages)
        {
            WritePackage(writer, package);
        }

        writer.Write(run.Relationships.Count);
        foreach (var relationship in run.Relationships)
        {
            writer.Write(relationship.From);
            writer.Write(relationship.To);
            writer.Write(relationship.Type);
        }

        WriteDiagnostics(writer, run.Diagnostics);
    }

    public static CachedCatalogerRun ReadCatalogers(ReadOnlySpan<byte> payload)
    {
        var reader = new CacheReader(payload);
        var reads = FileReads.Restore(ReadStrings(ref reader), ReadStrings(ref reader), ReadStrings(ref reader), ReadStrings(ref reader));
        var packages = new List<Package>();
        for (var count = reader.ReadCount(); count > 0; count--)
        {
            packages.Add(ReadPackage(ref reader));
        }

        var relationships = new List<Relationship>();
        for (var count = reader.ReadCount(); count > 0; count--)
        {
            relationships.Add(new Relationship(reader.ReadString(), reader.ReadString(), reader.ReadString()));
        }

        var run = new CatalogerRun(packages, relationships, ReadDiagnostics(ref reader));
        reader.ReadEnd();
        return new CachedCatalogerRun(reads, run);
    }

    public static void WriteSecrets(Stream output, IReadOnlyList<KeyValuePair<string, SecretScanResult>> files)
    {
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(files.Count);
        foreach (var (path, result) in files)
        {
            writer.Write(path);
            writer.Write(result.Findings.Count);
            foreach (var finding in result.Findings)
            {
                writer.Write(finding.RuleId);
                writer.Write(finding.Category);
                writer.Write((int)finding.Severity);
                writer.Write(finding.Title);
                writer.Write((int)finding.Source);
                writer.Write(finding.Path);
                writer.WriteOptional(finding.LayerDiffId);
                writer.Write(finding.Line);
                writer.Write(finding.RedactedMatch);
            }
        }
    }

    public static List<KeyValuePair<string, SecretScanResult>> ReadSecrets(ReadOnlySpan<byte> payload)
    {
        var reader = new CacheReader(payload);
        var files = new List<KeyValuePair<string, SecretScanResult>>();
        for (var count = reader.ReadCount(); count > 0; count--)
        {
            var path = reader.ReadString();
            var findings = new List<SecretFinding>();
            for (var found = reader.ReadCount(); found > 0; found--)
            {
                findings.Add(new SecretFinding(reader.ReadString(), reader.ReadString(), Enum<Severity>(reader.ReadInt32()), reader.ReadString(),
                    Enum<SecretSource>(reader.ReadInt32()), reader.ReadString(), reader.ReadOptional(), reader.ReadInt32(), reader.ReadString()));
            }

            files.Add(KeyValuePair.Create(path, new SecretScanResult(findings, [])));
        }

        reader.ReadEnd();
        return files;
    }

    private static void WritePackage(BinaryWriter writer, Package package)
    {
        writer.Write(package.Name);
        writer.Write(package.Version);
        writer.Write((int)package.Type);
        writer.Write(package.Purl is not null);
        if (package.Purl is { } purl)
        {
            writer.Write(purl.Type);
            writer.WriteOptional(purl.Namespace);
            writer.Write(purl.Name);
            writer.WriteOptional(purl.Version);
            WritePairs(writer, purl.Qualifiers);
            writer.WriteOptional(purl.Subpath);
        }

        writer.Write(package.FoundBy);
        writer.Write(package.LayerDiffId);
        writer.Write(package.Locations.Count);
        foreach (var location in package.Locations)
        {
            writer.Write(location.Path);
            writer.Write(location.LayerDiffId);
        }

        WriteStrings(writer, package.Licenses);
        WriteStrings(writer, package.Cpes);
        WriteStrings(writer, package.Files);
        WritePairs(writer, package.Metadata);
        writer.WriteOptional(package.RemovedByLayerDiffId);
    }

    private static Package ReadPackage(ref CacheReader reader)
    {
        var name = reader.ReadString();
        var version = reader.ReadString();
        var type = Enum<PackageType>(reader.ReadInt32());
        Purl? purl = null;
        if (reader.ReadBoolean())
        {
            purl = new Purl(reader.ReadString(), reader.ReadOptional(), reader.ReadString(), reader.ReadOptional(), ReadPairs(ref reader), reader.ReadOptional());
        }

        var foundBy = reader.ReadString();
        var layer = reader.ReadString();
        var locations = new List<Location>();
        for (var count = reader.ReadCount(); count > 0; count--)
        {
            locations.Add(new Location(reader.ReadString(), reader.ReadString()));
        }

        return new Package
        {
            Name = name,
            Version = version,
            Type = type,
            Purl = purl,
            FoundBy = foundBy,
            LayerDiffId = layer,
            Locations = locations,
            Licenses = ReadStrings(ref reader),
            Cpes = ReadStrings(ref reader),
            Files = ReadStrings(ref reader),
            Metadata = ReadPairs(ref reader),
            RemovedByLayerDiffId = reader.ReadOptional(),
        };
    }

    private static void WriteDiagnostics(BinaryWriter writer, List<Diagnostic> diagnostics)
    {
        writer.Write(diagnostics.Count);
        foreach (var diagnostic in diagnostics)
        {
            writer.Write(diagnostic.Code);
            writer.Write(diagnostic.Message);
            writer.WriteOptional(diagnostic.Path);
            writer.WriteOptional(diagnostic.LayerDiffId);
        }
    }

    private static List<Diagnostic> ReadDiagnostics(ref CacheReader reader)
    {
        var diagnostics = new List<Diagnostic>();
        for (var count = reader.ReadCount(); count > 0; count--)
        {
            diagnostics.Add(new Diagnostic(reader.ReadString(), reader.ReadString(), reader.ReadOptional(), reader.ReadOptional()));
        }

        return diagnostics;
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyCollection<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static List<string> ReadStrings(ref CacheReader reader)
    {
        var values = new List<string>();
        for (var count = reader.ReadCount(); count > 0; count--)
        {
            values.Add(reader.ReadString());
        }

        return values;
    }

    /// <summary>Pairs in their enumeration order, read back into a dictionary that enumerates them in the same order.</summary>
    private static void WritePairs(BinaryWriter writer, IReadOnlyDictionary<string, string> pairs)
    {
        writer.Write(pairs.Count);
        foreach (var (key, value) in pairs)
        {
            writer.Write(key);
            writer.Write(value);
        }
    }

    private static Dictionary<string, string> ReadPairs(ref CacheReader reader)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var count = reader.ReadCount(); count > 0; count--)
        {
            if (!pairs.TryAdd(reader.ReadString(), reader.ReadString()))
            {
                throw new InvalidDataException("duplicate key");
            }
        }

        return pairs;
    }

    private static T Enum<T>(int value)
        where T : struct, Enum =>
        System.Enum.IsDefined(typeof(T), value) ? (T)(object)value : throw new InvalidDataException($"unknown {typeof(T).Name} {value}");
}
