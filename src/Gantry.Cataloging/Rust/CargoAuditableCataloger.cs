using System.Text.Json;
using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Common;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Rust;

/// <summary>
/// Crates compiled into Rust binaries built with <c>cargo auditable</c>: the ELF section <c>.dep-v0</c>
/// holds zlib-compressed JSON <c>{"packages": [{"name", "version", "source", "kind", "dependencies": [indexes], "root"}]}</c>.
/// </summary>
internal sealed class CargoAuditableCataloger : ICataloger
{
    public string Name => "cargo-auditable-binary-cataloger";

    /// <summary>Binaries are not buffered: <see cref="CargoAuditableExtractor"/> reads their section as they stream past.</summary>
    public IReadOnlyList<string> RequestedGlobs => [];

    public IReadOnlyList<IFileExtractor> Extractors { get; } = [new CargoAuditableExtractor()];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken)
    {
        var packages = new List<Package>();
        var relationships = new List<Relationship>();
        var diagnostics = new List<Diagnostic>();
        foreach (var (file, facts) in ExtractFacts.Files(context.Files, ExecutableFiles.Patterns, CargoAuditableExtractor.ExtractorName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (facts.TryGetValue(ExtractFacts.ErrorField, out var error))
                {
                    throw new InvalidDataException(error);
                }

                if (facts.TryGetValue("inflated", out var inflated))
                {
                    var result = Parse(file, Convert.FromBase64String(inflated));
                    packages.AddRange(result.Packages);
                    relationships.AddRange(result.Relationships);
                }
            }
            catch (Exception ex) when (FileErrors.IsBadInput(ex))
            {
                diagnostics.Add(FileCatalog.Malformed(file, $".dep-v0: {ex.Message}"));
            }
        }

        return ValueTask.FromResult(new CatalogResult(packages, relationships, diagnostics));
    }

    /// <summary>The section's inflated JSON: packages, and an edge for each of their <c>dependencies</c> indexes.</summary>
    internal CatalogResult Parse(CatalogFile file, byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var entries = document.RootElement.GetProperty("packages").EnumerateArray().ToList();
        var packages = entries.Select(e => RustPackageFactory.Create(e.GetProperty("name").GetString()!, e.GetProperty("version").GetString()!, Name,
            file.Location, new MetadataBuilder()
                .Add("source", Text(e, "source"))
                .Add("kind", Text(e, "kind") ?? "runtime")
                .Add("root", e.TryGetProperty("root", out var root) && root.ValueKind == JsonValueKind.True ? "true" : null)
                .Build())).ToList();
        var relationships = new List<Relationship>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Array)
            {
                relationships.AddRange(dependencies.EnumerateArray()
                    .Where(d => d.TryGetInt32(out var index) && index >= 0 && index < packages.Count)
                    .Select(d => new Relationship(packages[d.GetInt32()].Id, packages[i].Id, Relationship.DependencyOf)));
            }
        }

        return new CatalogResult(packages, relationships, []);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
