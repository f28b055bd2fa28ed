using System.Globalization;
using System.Text.Json;
using Gantry.Core;
using Gantry.Policy.Gates;

namespace Gantry.Policy.Bundles;

/// <summary>
/// Reads and validates an Anchore policy bundle. Every problem is collected with its JSON path instead of
/// stopping at the first, as Anchore's <c>ExecutableBundle</c> does; errors make the bundle unusable,
/// warnings (end-of-life gates, values Anchore accepted but cannot evaluate) do not.
/// </summary>
public static class BundleLoader
{
    public const string SupportedVersion = "1_0";

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Loads a bundle file, throwing <see cref="InvalidInputException"/> naming every error.</summary>
    public static PolicyBundle LoadFile(string path)
    {
        var result = ParseFile(path);
        if (result.Bundle is null)
        {
            throw new InvalidInputException($"policy bundle '{path}' is invalid: {string.Join("; ", result.Errors)}");
        }

        return result.Bundle;
    }

    /// <summary>Reads a bundle file and reports every problem; only an unreadable file throws.</summary>
    public static BundleLoadResult ParseFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"policy bundle '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(json);
    }

    public static BundleLoadResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } n ? (n + 1).ToString(CultureInfo.InvariantCulture) : "?";
            return new BundleLoadResult(null, [new PolicyProblem("$", $"not valid JSON (line {line}): {ex.Message}")]);
        }

        using (document)
        {
            var reader = new BundleReader();
            var bundle = reader.Read(document.RootElement, json);
            var problems = reader.Problems;
            return new BundleLoadResult(problems.Any(p => p.Severity == ProblemSeverity.Error) ? null : bundle, problems);
        }
    }

    /// <summary>Walks the document once, building the model and recording problems.</summary>
    private sealed class BundleReader
    {
        public List<PolicyProblem> Problems { get; } = [];

        public PolicyBundle? Read(JsonElement root, string json)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error("$", "a policy bundle must be a JSON object");
                return null;
            }

            var id = RequiredString(root, "id", "$");
            CheckVersion(root, "$");
            var policies = Array(root, "policies", "$", required: true).Select(e => ReadPolicy(e.Element, e.Path)).OfType<BundlePolicy>().ToList();
            var (allowlistKey, allowlistElements) = Aliased(root, "$", "whitelists", "allowlists");
            var allowlists = allowlistElements.Select(e => ReadAllowlist(e.Element, e.Path)).OfType<Allowlist>().ToList();
            var mappings = Array(root, "mappings", "$", required: true).Select(e => ReadMapping(e.Element, e.Path)).OfType<MappingRule>().ToList();
            var allowed = Aliased(root, "$", "whitelisted_images", "allowlisted_images").Elements.Select(e => ReadSelection(e.Element, e.Path)).OfType<ImageSelectionRule>().ToList();
            var denied = Aliased(root, "$", "blacklisted_images", "denylisted_images").Elements.Select(e => ReadSelection(e.Element, e.Path)).OfType<ImageSelectionRule>().ToList();

            CheckUnique(policies.Select(p => p.Id), "$.policies", "policy");
            CheckUnique(allowlists.Select(a => a.Id), $"$.{allowlistKey}", "allowlist");
            CheckReferences(root, mappings, policies, allowlists);

            return id is null ? null : new PolicyBundle
            {
                Id = id,
                Name = OptionalString(root, "name", "$"),
                Comment = OptionalString(root, "comment", "$"),
                Policies = policies,
                Allowlists = allowlists,
                Mappings = mappings,
                AllowedImages = allowed,
                DeniedImages = denied,
                RawJson = json,
            };
        }

        private BundlePolicy? ReadPolicy(JsonElement element, string path)
        {
            if (!IsObject(element, path, "policy"))
            {
                return null;
            }

            var id = RequiredString(element, "id", path);
            CheckVersion(element, path);
            var rules = Array(element, "rules", path, required: true).Select(e => ReadRule(e.Element, e.Path)).OfType<PolicyRule>().ToList();
            return id is null ? null : new BundlePolicy(id, OptionalString(element, "name", path), OptionalString(element, "comment", path), rules);
        }

        private PolicyRule? ReadRule(JsonElement element, string path)
        {
            if (!IsObject(element, path, "rule"))
            {
                return null;
            }

            var gate = RequiredString(element, "gate", path);
            var trigger = RequiredString(element, "trigger", path);
            var actionText = RequiredString(element, "action", path);
            var action = GateAction.Go;
            if (actionText is not null && !GateActionNames.TryParse(actionText, out action))
            {
                Error($"{path}.action", $"'{actionText}' is not a valid action (expected STOP, WARN or GO)");
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var parameterPaths = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (param, paramPath) in Array(element, "params", path, required: false))
            {
                if (!IsObject(param, paramPath, "parameter"))
                {
                    continue;
                }

                var name = RequiredString(param, "name", paramPath)?.ToLowerInvariant();
                var value = RequiredString(param, "value", paramPath);
                if (name is not null)
                {
                    parameterPaths.TryAdd(name, paramPath);
                }

                if (name is null || value is null)
                {
                    continue;
                }

                if (!parameters.TryAdd(name, value))
                {
                    Error(paramPath, $"parameter '{name}' is given more than once");
                }
            }

            if (gate is null || trigger is null || actionText is null)
            {
                return null;
            }

            CheckRuleAgainstRegistry(gate, trigger, parameters, parameterPaths, path);
            return new PolicyRule(OptionalString(element, "id", path), gate.ToLowerInvariant(), trigger.ToLowerInvariant(), action, parameters, path);
        }

        private void CheckRuleAgainstRegistry(string gateName, string triggerName, Dictionary<string, string> parameters, Dictionary<string, string> paths, string path)
        {
            var gate = GateRegistry.Find(gateName);
            if (gate is null)
            {
                Error($"{path}.gate", $"unknown gate '{gateName}' (known gates: {string.Join(", ", GateRegistry.All.Where(g => g.Origin != GateOrigin.Legacy).Select(g => g.Name))})");
                return;
            }

            if (gate.Origin == GateOrigin.Legacy)
            {
                Warning($"{path}.gate", $"'{gate.Name}' is an end-of-life Anchore gate; the rule loads but evaluates to nothing");
                return;
            }

            var trigger = gate.FindTrigger(triggerName);
            if (trigger is null)
            {
                Error($"{path}.trigger", $"gate '{gate.Name}' has no trigger '{triggerName}' (triggers: {string.Join(", ", gate.Triggers.Select(t => t.Name))})");
                return;
            }

            foreach (var (name, value) in parameters)
            {
                var parameter = trigger.FindParameter(name);
                if (parameter is null)
                {
                    var known = trigger.Parameters.Count == 0 ? "it takes none" : "expected one of " + string.Join(", ", trigger.Parameters.Select(p => p.Name));
                    Error(paths[name], $"{gate.Name}.{trigger.Name} has no parameter '{name}' ({known})");
                    continue;
                }

                if (parameter.Validate(value) is { } problem)
                {
                    var message = $"parameter '{name}': {problem}";
                    if (parameter.InvalidValueIsWarning)
                    {
                        Warning($"{paths[name]}.value", message + "; Anchore accepts it at load time, and the rule will be skipped");
                    }
                    else
                    {
                        Error($"{paths[name]}.value", message);
                    }
                }
            }

            foreach (var missing in trigger.Parameters.Where(p => p.Required && !paths.ContainsKey(p.Name)))
            {
                Error($"{path}.params", $"{gate.Name}.{trigger.Name} is missing required parameter '{missing.Name}'");
            }
        }

        private Allowlist? ReadAllowlist(JsonElement element, string path)
        {
            if (!IsObject(element, path, "allowlist"))
            {
                return null;
            }

            var id = RequiredString(element, "id", path);
            CheckVersion(element, path);
            var items = new List<AllowlistItem>();
            foreach (var (item, itemPath) in Array(element, "items", path, required: false))
            {
                if (!IsObject(item, itemPath, "allowlist item"))
                {
                    continue;
                }

                var gate = RequiredString(item, "gate", itemPath);
                var triggerId = RequiredString(item, "trigger_id", itemPath);
                DateTimeOffset? expires = null;
                if (OptionalString(item, "expires_on", itemPath) is { Length: > 0 } text)
                {
                    if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    {
                        expires = parsed;
                    }
                    else
                    {
                        Error($"{itemPath}.expires_on", $"'{text}' is not an RFC 3339 date-time such as 2025-01-31T00:00:00Z");
                    }
                }

                if (triggerId is not null && triggerId.StartsWith("regexp:", StringComparison.Ordinal) && WildcardPattern.Validate(triggerId) is { } invalid)
                {
                    Error($"{itemPath}.trigger_id", invalid);
                }

                if (gate is not null && triggerId is not null)
                {
                    items.Add(new AllowlistItem(OptionalString(item, "id", itemPath), gate.ToLowerInvariant(), triggerId, expires));
                }
            }

            return id is null ? null : new Allowlist(id, OptionalString(element, "name", path), OptionalString(element, "comment", path), items);
        }

        private MappingRule? ReadMapping(JsonElement element, string path)
        {
            var selection = ReadSelection(element, path);
            if (selection is null)
            {
                return null;
            }

            var single = OptionalString(element, "policy_id", path);
            var many = StringArray(element, "policy_ids", path);
            List<string> policyIds;
            if (single is not null && many is not null)
            {
                Error(path, "a mapping gives both policy_id and policy_ids; use one or the other");
                policyIds = [];
            }
            else if (single is null && many is null)
            {
                Error(path, "a mapping needs policy_id or policy_ids");
                policyIds = [];
            }
            else
            {
                policyIds = many ?? [single!];
            }

            var allowlistIds = StringArray(element, "whitelist_ids", path) ?? StringArray(element, "allowlist_ids", path) ?? [];
            return new MappingRule(selection, policyIds, allowlistIds);
        }

        private ImageSelectionRule? ReadSelection(JsonElement element, string path)
        {
            if (!IsObject(element, path, "image selection rule"))
            {
                return null;
            }

            var registry = RequiredString(element, "registry", path);
            var repository = RequiredString(element, "repository", path);
            foreach (var (field, value) in new[] { ("registry", registry), ("repository", repository) })
            {
                if (value is not null && WildcardPattern.Validate(value) is { } invalid)
                {
                    Error($"{path}.{field}", invalid);
                }
            }

            ImageSelector? image = null;
            if (!element.TryGetProperty("image", out var imageElement) || imageElement.ValueKind != JsonValueKind.Object)
            {
                Error($"{path}.image", "missing the image selector {\"type\": \"tag|digest|id\", \"value\": ...}");
            }
            else
            {
                var type = RequiredString(imageElement, "type", $"{path}.image");
                var value = RequiredString(imageElement, "value", $"{path}.image");
                ImageSelectorType? selectorType = type?.ToLowerInvariant() switch
                {
                    "tag" => ImageSelectorType.Tag,
                    "digest" => ImageSelectorType.Digest,
                    "id" => ImageSelectorType.Id,
                    _ => null,
                };
                if (type is not null && selectorType is null)
                {
                    Error($"{path}.image.type", $"'{type}' is not an image selector type (expected tag, digest or id)");
                }

                if (value is not null && WildcardPattern.Validate(value) is { } invalid)
                {
                    Error($"{path}.image.value", invalid);
                }

                if (selectorType is not null && value is not null)
                {
                    image = new ImageSelector(selectorType.Value, value);
                }
            }

            return registry is null || repository is null || image is null
                ? null
                : new ImageSelectionRule(OptionalString(element, "id", path), OptionalString(element, "name", path), registry, repository, image);
        }

        private void CheckReferences(JsonElement root, List<MappingRule> mappings, List<BundlePolicy> policies, List<Allowlist> allowlists)
        {
            var mappingElements = Array(root, "mappings", "$", required: false).ToList();
            for (var i = 0; i < mappings.Count && i < mappingElements.Count; i++)
            {
                var path = mappingElements[i].Path;
                var single = mappingElements[i].Element.TryGetProperty("policy_id", out _);
                for (var p = 0; p < mappings[i].PolicyIds.Count; p++)
                {
                    var policyId = mappings[i].PolicyIds[p];
                    if (!policies.Any(x => x.Id == policyId))
                    {
                        Error(single ? $"{path}.policy_id" : $"{path}.policy_ids[{p}]", $"mapping names policy '{policyId}', which the bundle does not define");
                    }
                }

                foreach (var allowlistId in mappings[i].AllowlistIds.Where(a => !allowlists.Any(x => x.Id == a)))
                {
                    Error($"{path}.whitelist_ids", $"mapping names allowlist '{allowlistId}', which the bundle does not define");
                }
            }
        }

        private void CheckUnique(IEnumerable<string> ids, string path, string what)
        {
            foreach (var duplicate in ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                Error(path, $"{what} id '{duplicate.Key}' is used more than once");
            }
        }

        private void CheckVersion(JsonElement element, string path)
        {
            var version = RequiredString(element, "version", path);
            if (version is not null && version != SupportedVersion)
            {
                Error($"{path}.version", $"unsupported version '{version}' (only '{SupportedVersion}' is supported)");
            }
        }

        private bool IsObject(JsonElement element, string path, string what)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            Error(path, $"a {what} must be a JSON object, not {Describe(element)}");
            return false;
        }

        private List<(JsonElement Element, string Path)> Array(JsonElement parent, string name, string path, bool required)
        {
            if (!parent.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Error($"{path}.{name}", "missing (required)");
                }

                return [];
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                Error($"{path}.{name}", $"must be a list, not {Describe(array)}");
                return [];
            }

            return array.EnumerateArray().Select((e, i) => (Element: e, Path: $"{path}.{name}[{i}]")).ToList();
        }

        /// <summary>A list that Anchore and Anchore Enterprise spell differently; the first spelling wins.</summary>
        private (string Key, List<(JsonElement Element, string Path)> Elements) Aliased(JsonElement parent, string path, string name, string alias)
        {
            var key = !parent.TryGetProperty(name, out _) && parent.TryGetProperty(alias, out _) ? alias : name;
            return (key, Array(parent, key, path, required: false));
        }

        private List<string>? StringArray(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                Error($"{path}.{name}", $"must be a list of strings, not {Describe(array)}");
                return [];
            }

            var values = new List<string>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    values.Add(item.GetString()!);
                }
                else
                {
                    Error($"{path}.{name}[{index}]", $"must be a string, not {Describe(item)}");
                }

                index++;
            }

            return values;
        }

        private string? RequiredString(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Error($"{path}.{name}", "missing (required)");
                return null;
            }

            return AsString(value, $"{path}.{name}");
        }

        private string? OptionalString(JsonElement parent, string name, string path) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? AsString(value, $"{path}.{name}") : null;

        private string? AsString(JsonElement value, string path)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            Error(path, $"wrong value type: expected a string, got {Describe(value)}");
            return null;
        }

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.Number => $"the number {element.GetRawText()}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
            JsonValueKind.String => "a string",
            _ => "null",
        };

        private void Error(string path, string message) => Problems.Add(new PolicyProblem(path, message));

        private void Warning(string path, string message) => Problems.Add(new PolicyProblem(path, message, ProblemSeverity.Warning));
    }
}
