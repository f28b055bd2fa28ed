using System.Text.Json.Serialization;
using Gantry.Formats.CycloneDx;
using Gantry.Formats.Native;
using Gantry.Formats.Policy;
using Gantry.Formats.Sarif;
using Gantry.Formats.Scan;
using Gantry.Formats.Spdx;
using Gantry.Formats.Trust;

namespace Gantry.Formats.Common;

/// <summary>
/// Serialization metadata and serializers for every document Gantry writes, generated at compile time. A new document
/// adds its root DTO here; the attribute below carries the naming and null style, <see cref="JsonOutput"/> the
/// indentation and encoder. The types the Anchore result holds as <c>object</c> (<c>false</c>, strings, empty lists,
/// its DTOs) are listed too.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NativeSbomDocument))]
[JsonSerializable(typeof(ScanDocument))]
[JsonSerializable(typeof(ScanDiffDocument))]
[JsonSerializable(typeof(CycloneDxDocument))]
[JsonSerializable(typeof(SpdxDocument))]
[JsonSerializable(typeof(SarifLog))]
[JsonSerializable(typeof(AnchoreResultDocument))]
[JsonSerializable(typeof(AnchoreAllowlistMatch))]
[JsonSerializable(typeof(AnchoreSelectionRule))]
[JsonSerializable(typeof(AnchoreImageResult))]
[JsonSerializable(typeof(IReadOnlyList<TrustInspectDocument>))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class OutputJsonContext : JsonSerializerContext;
