using System.Collections.Concurrent;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Gantry.TestKit.Schemas;

/// <summary>
/// Validates JSON output against an official schema in <c>shared/schemas</c> (CycloneDX, SPDX, SARIF, OpenVEX, OSV).
/// Relative <c>$ref</c>s (CycloneDX's spdx.schema.json and jsf-0.82.schema.json) resolve beside the schema file.
/// Loaded schemas are cached per path.
/// </summary>
public static class SchemaValidator
{
    public const string CycloneDx16 = "cyclonedx/bom-1.6.schema.json";
    public const string Spdx23 = "spdx/spdx-2.3.schema.json";
    public const string Sarif210 = "sarif/sarif-schema-2.1.0.json";
    public const string OpenVex = "openvex/openvex_json_schema.json";

    private static readonly ConcurrentDictionary<string, Task<JsonSchema>> Cache = new(StringComparer.Ordinal);

    /// <summary>The errors (path: kind) of <paramref name="json"/> against the schema at <paramref name="schemaPath"/> under SharedPaths.Schemas; empty when valid.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(string json, string schemaPath)
    {
        var schema = await Cache.GetOrAdd(schemaPath, p => JsonSchema.FromFileAsync(Path.Combine(SharedPaths.Schemas, p)));
        return Flatten(schema.Validate(json)).ToList();
    }

    private static IEnumerable<string> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var nested in Flatten(child.Errors.SelectMany(e => e.Value)))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return $"{error.Path}: {error.Kind} {error.Property}";
            }
        }
    }
}
