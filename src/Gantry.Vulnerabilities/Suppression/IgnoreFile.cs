using System.Globalization;
using Gantry.Core;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gantry.Vulnerabilities.Suppression;

/// <summary>
/// Reads an ignore file (docs/scan.md): a YAML document with an <c>ignore</c> list of rules. Every rule needs a
/// <c>reason</c> and at least one criterion; unknown keys, fix states, package types and dates are errors naming the
/// file and the rule.
/// </summary>
public static class IgnoreFile
{
    public static IReadOnlyList<IgnoreRule> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"--ignore {path}: cannot read ({ex.Message})", ex);
        }

        return Parse(text, path);
    }

    public static IReadOnlyList<IgnoreRule> Parse(string yaml, string name)
    {
        IReadOnlyList<IgnoreEntry> entries;
        try
        {
            entries = ReadEntries(yaml);
        }
        catch (YamlException ex)
        {
            throw new InvalidInputException($"--ignore {name}: not a valid ignore file: {(ex.InnerException ?? ex).Message} (line {ex.Start.Line.ToString(CultureInfo.InvariantCulture)})", ex);
        }

        return [.. entries.Select((entry, i) => ToRule(entry, i + 1, name))];
    }

    /// <summary>
    /// The rules of the document, read from YAML's node model rather than bound by reflection (the Native AOT build has
    /// none): every key must be a known one, every value of the shape the rule format gives it.
    /// </summary>
    private static List<IgnoreEntry> ReadEntries(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0 || YamlJson.IsNull(stream.Documents[0].RootNode))
        {
            return [];
        }

        var root = Fields(stream.Documents[0].RootNode, "the document", "ignore");
        if (!root.TryGetValue("ignore", out var list) || YamlJson.IsNull(list))
        {
            return [];
        }

        if (list is not YamlSequenceNode sequence)
        {
            throw new YamlException(list.Start, list.End, "'ignore' must be a list of rules");
        }

        return [.. sequence.Children.Select(ReadEntry)];
    }

    private static IgnoreEntry ReadEntry(YamlNode node)
    {
        var fields = Fields(node, "a rule", "vulnerability", "package", "fix-state", "reason", "expires");
        IgnorePackage? package = null;
        if (fields.TryGetValue("package", out var packageNode) && !YamlJson.IsNull(packageNode))
        {
            var p = Fields(packageNode, "'package'", "name", "version", "type", "location");
            package = new IgnorePackage(Text(p, "name"), Text(p, "version"), Text(p, "type"), Text(p, "location"));
        }

        return new IgnoreEntry(Text(fields, "vulnerability"), package, Text(fields, "fix-state"), Text(fields, "reason"), Text(fields, "expires"));
    }

    /// <summary>The keys of a mapping, refusing any key outside <paramref name="known"/> (YAML itself refuses a repeated key).</summary>
    private static Dictionary<string, YamlNode> Fields(YamlNode node, string what, params string[] known)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw new YamlException(node.Start, node.End, $"{what} must be a mapping of keys ({string.Join(", ", known)})");
        }

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw new YamlException(keyNode.Start, keyNode.End, $"unknown key '{key}' in {what} (expected {string.Join(", ", known)})");
            }

            fields[key] = value;
        }

        return fields;
    }

    private static string? Text(Dictionary<string, YamlNode> fields, string key) =>
        !fields.TryGetValue(key, out var node) || YamlJson.IsNull(node) ? null
        : node is YamlScalarNode scalar ? scalar.Value
        : throw new YamlException(node.Start, node.End, $"'{key}' must be a single value, not a list or mapping");

    private static IgnoreRule ToRule(IgnoreEntry entry, int index, string file)
    {
        var where = $"--ignore {file}: rule {index.ToString(CultureInfo.InvariantCulture)}";
        if (string.IsNullOrWhiteSpace(entry.Reason))
        {
            throw new InvalidInputException($"{where}: 'reason' is required (say why the finding is accepted)");
        }

        var package = entry.Package;
        if (entry.Vulnerability is null && package is null && entry.FixState is null)
        {
            throw new InvalidInputException($"{where}: give at least one of 'vulnerability', 'package' or 'fix-state'");
        }

        PackageType? type = null;
        if (package?.Type is { } typeName)
        {
            type = PackageTypeNames.FromWireName(typeName) is var t && t != PackageType.Unknown
                ? t
                : throw new InvalidInputException($"{where}: unknown package type '{typeName}'");
        }

        FixState? fixState = null;
        if (entry.FixState is { } stateName)
        {
            fixState = FixStates.FromWire(stateName) is var s && (s != Core.FixState.Unknown || stateName == "unknown")
                ? s
                : throw new InvalidInputException($"{where}: unknown fix-state '{stateName}' (expected fixed, not-fixed, wont-fix, not-affected or unknown)");
        }

        DateOnly? expires = null;
        if (entry.Expires is { } date)
        {
            expires = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw new InvalidInputException($"{where}: 'expires' must be a date like 2025-12-31, not '{date}'");
        }

        return new IgnoreRule(index, entry.Vulnerability, package?.Name, package?.Version, type, package?.Location, fixState, entry.Reason, expires);
    }

    private sealed record IgnoreEntry(string? Vulnerability, IgnorePackage? Package, string? FixState, string? Reason, string? Expires);

    private sealed record IgnorePackage(string? Name, string? Version, string? Type, string? Location);
}
