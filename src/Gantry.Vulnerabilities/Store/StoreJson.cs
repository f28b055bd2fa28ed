using System.Text.Json.Serialization;
using Gantry.Core;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// The JSON kept in the store's <c>record</c> columns: compact (no indentation, defaults omitted) and
/// source-generated so that bulk import and lookups do not pay for reflection.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Vulnerability))]
[JsonSerializable(typeof(AffectedBlob))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoreJson : JsonSerializerContext;

/// <summary>
/// What an <c>affected</c> row keeps beyond its indexed columns, as written; events use the OSV wire shape.
/// Reading goes through <see cref="StoredRecordReader"/>.
/// </summary>
internal sealed record AffectedBlob(
    IReadOnlyList<RangeBlob>? Ranges,
    IReadOnlyList<string>? Versions,
    IReadOnlyList<string>? Fixed,
    IReadOnlyList<GoImportBlob>? Imports = null)
{
    public static AffectedBlob From(AffectedPackage affected) => new(
        affected.Ranges.Count == 0 ? null : affected.Ranges.Select(RangeBlob.From).ToList(),
        affected.Versions.Count == 0 ? null : affected.Versions,
        affected.FixedVersions.Count == 0 ? null : affected.FixedVersions,
        affected.GoImports.Count == 0 ? null : affected.GoImports.Select(GoImportBlob.From).ToList());
}

/// <summary>A Go <c>imports</c> entry as OSV writes it; empty lists are left out.</summary>
internal sealed record GoImportBlob(string Path, IReadOnlyList<string>? Symbols, IReadOnlyList<string>? Goos, IReadOnlyList<string>? Goarch)
{
    public static GoImportBlob From(GoImport import) => new(
        import.Path,
        import.Symbols.Count == 0 ? null : import.Symbols,
        import.Goos.Count == 0 ? null : import.Goos,
        import.Goarch.Count == 0 ? null : import.Goarch);
}

internal sealed record RangeBlob(string Type, string? Repo, IReadOnlyList<Dictionary<string, string>> Events)
{
    public static RangeBlob From(AffectedRange range) => new(
        range.Type,
        range.Repo,
        range.Events.Select(e => new Dictionary<string, string>(1, StringComparer.Ordinal) { [RangeEventNames.ToWire(e.Kind)] = e.Version }).ToList());
}
