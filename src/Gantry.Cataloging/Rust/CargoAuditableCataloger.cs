using System.IO.Compression;
using System.Text.Json;
using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Common;
using Gantry.Core;

namespace Gantry.Cataloging.Rust;

/// <summary>
/// Crates compiled into Rust binaries built with <c>cargo auditable</c>: the ELF section <c>.dep-v0</c>
/// holds zlib-compressed JSON <c>{"packages": [{"name", "version", "source", "kind", "dependencies": [indexes], "root"}]}</c>.
/// </summary>
internal sealed class CargoAuditableCataloger : ICataloger
{
    /// <summary>The JSON is a few KB; a section inflating past this is hostile.</summary>
    private const int MaxInflatedBytes = 8 * 1024 * 1024;

    public string Name => "cargo-auditable-binary-cataloger";

    public IReadOnlyList<string> RequestedGlobs => ExecutableFiles.Globs;

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken)
    {
        var packages = new List<Package>();
        var relationships = new List<Relationship>();
        var diagnostics = new List<Diagnostic>();
        foreach (var file in ExecutableFiles.ReadElf(context.Files))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (ElfFile.TryRead(file.Content.Span) is { } elf && elf.Section(".dep-v0") is { } section)
                {
                    var result = Parse(file, file.Content.Slice((int)section.Offset, (int)section.Size));
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

    internal CatalogResult Parse(CatalogFile file, ReadOnlyMemory<byte> section)
    {
        using var document = JsonDocument.Parse(Inflate(section));
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

    private static byte[] Inflate(ReadOnlyMemory<byte> compressed)
    {
        using var zlib = new ZLibStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = zlib.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > MaxInflatedBytes)
            {
                throw new InvalidDataException($"inflates past {MaxInflatedBytes} bytes");
            }
        }

        return output.ToArray();
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
