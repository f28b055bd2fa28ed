using System.Globalization;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

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
        IgnoreDocument? document;
        try
        {
            document = new DeserializerBuilder().Build().Deserialize<IgnoreDocument>(yaml);
        }
        catch (YamlException ex)
        {
            throw new InvalidInputException($"--ignore {name}: not a valid ignore file: {(ex.InnerException ?? ex).Message} (line {ex.Start.Line.ToString(CultureInfo.InvariantCulture)})", ex);
        }

        var rules = new List<IgnoreRule>();
        foreach (var (entry, i) in (document?.Ignore ?? []).Select((e, i) => (e, i + 1)))
        {
            rules.Add(ToRule(entry, i, name));
        }

        return rules;
    }

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

    private sealed class IgnoreDocument
    {
        [YamlMember(Alias = "ignore")]
        public List<IgnoreEntry>? Ignore { get; set; }
    }

    private sealed class IgnoreEntry
    {
        [YamlMember(Alias = "vulnerability")]
        public string? Vulnerability { get; set; }

        [YamlMember(Alias = "package")]
        public IgnorePackage? Package { get; set; }

        [YamlMember(Alias = "fix-state")]
        public string? FixState { get; set; }

        [YamlMember(Alias = "reason")]
        public string? Reason { get; set; }

        [YamlMember(Alias = "expires")]
        public string? Expires { get; set; }
    }

    private sealed class IgnorePackage
    {
        [YamlMember(Alias = "name")]
        public string? Name { get; set; }

        [YamlMember(Alias = "version")]
        public string? Version { get; set; }

        [YamlMember(Alias = "type")]
        public string? Type { get; set; }

        [YamlMember(Alias = "location")]
        public string? Location { get; set; }
    }
}
