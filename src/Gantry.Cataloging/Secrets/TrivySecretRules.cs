using System.Text.RegularExpressions;
using Gantry.Core;
using Gantry.Core.Secrets;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gantry.Cataloging.Secrets;

/// <summary>
/// Reads a secret rules file in Trivy's format (<c>trivy-secret.yaml</c>): <c>rules</c> (id, category, title,
/// severity, regex, keywords, path, secret-group-name, allow-rules), global <c>allow-rules</c>,
/// <c>enable-builtin-rules</c>, <c>disable-rules</c> and <c>disable-allow-rules</c>. Gantry's built-in rules are
/// Anchore's defaults, so <c>enable-builtin-rules</c> / <c>disable-rules</c> select among those by id.
/// Go's <c>(?P&lt;name&gt;…)</c> groups are accepted.
/// </summary>
public static partial class TrivySecretRules
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The rules file at <paramref name="path"/>; Anchore's defaults when no file is given.</summary>
    public static SecretRuleSet LoadOrDefaults(string? path) => path is null ? SecretRuleSet.AnchoreDefaults : Load(path);

    public static SecretRuleSet Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"secret rules file '{path}': cannot be read: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    public static SecretRuleSet Parse(string yaml, string sourceName = "secret rules")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new InvalidInputException($"{sourceName}: not valid YAML at line {ex.Start.Line}: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidInputException($"{sourceName}: expected a mapping with 'rules' and 'allow-rules'");
        }

        var reader = new Reader(sourceName);
        var custom = reader.Sequence(root, "rules", "rules").Select((node, i) => reader.ReadRule(node, $"rules[{i}]")).ToList();
        var allow = reader.Sequence(root, "allow-rules", "allow-rules").Select((node, i) => reader.ReadAllowRule(node, $"allow-rules[{i}]")).ToList();
        var enabled = reader.Strings(root, "enable-builtin-rules");
        var disabled = reader.Strings(root, "disable-rules");
        var disabledAllow = reader.Strings(root, "disable-allow-rules");

        var builtins = AnchoreSecretRules.All.Where(r => enabled.Count == 0 || enabled.Contains(r.Id));
        var rules = builtins.Concat(custom).Where(r => !disabled.Contains(r.Id)).ToList();
        return new SecretRuleSet(rules, allow.Where(a => !disabledAllow.Contains(a.Id)).ToList());
    }

    /// <summary>Converts Go RE2 syntax that .NET spells differently.</summary>
    internal static string ToDotNetPattern(string pattern) => GoNamedGroup().Replace(pattern, "(?<");

    [GeneratedRegex(@"\(\?P<", RegexOptions.CultureInvariant)]
    private static partial Regex GoNamedGroup();

    private sealed class Reader(string sourceName)
    {
        public SecretRule ReadRule(YamlNode node, string path)
        {
            var map = node as YamlMappingNode ?? throw Fail(path, "expected a mapping");
            var id = Scalar(map, "id") ?? throw Fail(path, "missing 'id'");
            var regex = Scalar(map, "regex") ?? throw Fail(path, "missing 'regex'");
            var severityText = Scalar(map, "severity") ?? "UNKNOWN";
            if (!Enum.TryParse<Severity>(severityText, ignoreCase: true, out var severity))
            {
                throw Fail($"{path}.severity", $"'{severityText}' is not one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN");
            }

            return new SecretRule
            {
                Id = id,
                Category = Scalar(map, "category") ?? "general",
                Title = Scalar(map, "title") ?? id,
                Severity = severity,
                Regex = Compile(regex, $"{path}.regex")!,
                SecretGroupName = Scalar(map, "secret-group-name") ?? "secret",
                Keywords = Strings(map, "keywords").Select(k => k.ToLowerInvariant()).ToList(),
                Path = Compile(Scalar(map, "path"), $"{path}.path"),
                AllowRules = Sequence(map, "allow-rules", $"{path}.allow-rules").Select((n, i) => ReadAllowRule(n, $"{path}.allow-rules[{i}]")).ToList(),
            };
        }

        public SecretAllowRule ReadAllowRule(YamlNode node, string path)
        {
            var map = node as YamlMappingNode ?? throw Fail(path, "expected a mapping");
            var id = Scalar(map, "id") ?? throw Fail(path, "missing 'id'");
            var regex = Compile(Scalar(map, "regex"), $"{path}.regex");
            var pathRegex = Compile(Scalar(map, "path"), $"{path}.path");
            if (regex is null && pathRegex is null)
            {
                throw Fail(path, "an allow rule needs 'regex' or 'path'");
            }

            return new SecretAllowRule(id, Scalar(map, "description"), regex, pathRegex);
        }

        public IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key, string path) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node)
                ? node as YamlSequenceNode ?? throw Fail(path, "expected a list")
                : [];

        public List<string> Strings(YamlMappingNode map, string key) =>
            Sequence(map, key, key).Select(n => (n as YamlScalarNode)?.Value ?? throw Fail(key, "expected a list of strings")).ToList();

        private static string? Scalar(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

        private Regex? Compile(string? pattern, string path)
        {
            if (pattern is null)
            {
                return null;
            }

            try
            {
                return new Regex(ToDotNetPattern(pattern), RegexOptions.CultureInvariant, Timeout);
            }
            catch (ArgumentException ex)
            {
                throw Fail(path, $"'{pattern}' is not a valid regular expression: {ex.Message}");
            }
        }

        private InvalidInputException Fail(string path, string message) => new($"{sourceName}: {path}: {message}");
    }
}
