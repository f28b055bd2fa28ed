using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Common;
using Gantry.Cataloging.Cpe;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Golang;

/// <summary>
/// Go modules compiled into binaries, from their build info: the main module, every dependency, and the
/// Go toolchain as a <c>stdlib</c> package (its version is what standard-library advisories match).
/// </summary>
internal sealed class GoBinaryCataloger : ICataloger
{
    public string Name => "go-module-binary-cataloger";

    /// <summary>Binaries are not buffered: <see cref="GoBuildInfoExtractor"/> reads their build info as they stream past.</summary>
    public IReadOnlyList<string> RequestedGlobs => [];

    public IReadOnlyList<IFileExtractor> Extractors { get; } = [new GoBuildInfoExtractor()];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken)
    {
        var packages = new List<Package>();
        var relationships = new List<Relationship>();
        var diagnostics = new List<Diagnostic>();
        foreach (var (file, facts) in ExtractFacts.Files(context.Files, ExecutableFiles.Patterns, GoBuildInfoExtractor.ExtractorName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (facts.TryGetValue(ExtractFacts.ErrorField, out var error))
            {
                diagnostics.Add(FileCatalog.Malformed(file, error));
            }
            else if (facts.TryGetValue("goVersion", out var goVersion))
            {
                var symbols = GoLinkedSymbols.From(facts.GetValueOrDefault(GoBuildInfoExtractor.SymbolsField), facts.GetValueOrDefault(GoBuildInfoExtractor.SymbolsErrorField));
                AddBinary(file, GoBuildInfoReader.Parse(goVersion, facts.GetValueOrDefault("modules") ?? string.Empty), symbols, packages, relationships);
            }
        }

        return ValueTask.FromResult(new CatalogResult(packages, relationships, diagnostics));
    }

    private void AddBinary(CatalogFile file, GoBuildInfo info, GoLinkedSymbols symbols, List<Package> packages, List<Relationship> relationships)
    {
        // GOPATH-mode builds (most distro packages) record only the command's import path: it stands in for the main module.
        var mainModule = info.Main ?? (info.MainPath is { } path ? new GoModule(path, "(devel)", null) : null);
        var byModule = symbols.ByModule(info.Dependencies.Select(d => d.Path).Append(mainModule?.Path).OfType<string>());
        var main = mainModule is null ? null : Module(file, info, mainModule, byModule, isMain: true);
        var modules = info.Dependencies.Select(d => Module(file, info, d, byModule, isMain: false)).ToList();
        var stdlib = StandardLibrary(file, info, byModule);
        packages.AddRange(modules);
        packages.Add(stdlib);
        if (main is not null)
        {
            packages.Add(main);
            relationships.AddRange(modules.Append(stdlib).Select(d => new Relationship(d.Id, main.Id, Relationship.DependencyOf)));
        }
    }

    private Package Module(CatalogFile file, GoBuildInfo info, GoModule module, ModuleSymbols byModule, bool isMain)
    {
        var slash = module.Path.LastIndexOf('/');
        var (ns, name) = slash > 0 ? (module.Path[..slash], module.Path[(slash + 1)..]) : (null, module.Path);
        var segments = module.Path.Split('/');
        var metadata = new MetadataBuilder().Add("goVersion", info.GoVersion).Add("h1Digest", module.Sum).Add(MetadataKeys.Architecture, info.Settings.GetValueOrDefault("GOARCH"))
            .Add("mainModule", info.Main?.Path ?? info.MainPath);
        AddPlatformAndSymbols(metadata, info, byModule, module.Path);
        if (isMain)
        {
            foreach (var (key, value) in info.Settings)
            {
                metadata.Add("build." + key, value);
            }
        }

        return new Package
        {
            Name = module.Path,
            Version = module.Version,
            Type = PackageType.GoModule,
            Purl = Purl.For(PackageType.GoModule, ns, name, module.Version == "(devel)" ? null : module.Version),
            FoundBy = Name,
            LayerDiffId = file.Location.LayerDiffId,
            Locations = [file.Location],
            Cpes = CpeGenerator.Candidates(module.Version.TrimStart('v'),
                (segments.Length >= 3 ? segments[1] : name, segments.Length >= 3 ? segments[2] : name), (name, name)),
            Metadata = metadata.Build(),
        };
    }

    /// <summary>As syft names it: <c>stdlib</c> at version <c>go1.22.1</c>, purl <c>pkg:golang/stdlib@1.22.1</c>, CPE golang:go.</summary>
    private Package StandardLibrary(CatalogFile file, GoBuildInfo info, ModuleSymbols byModule)
    {
        var version = info.GoVersion.Split(' ')[0];
        var bare = version.StartsWith("go", StringComparison.Ordinal) ? version[2..] : version;
        return new Package
        {
            Name = "stdlib",
            Version = version,
            Type = PackageType.GoModule,
            Purl = Purl.For(PackageType.GoModule, null, "stdlib", bare),
            FoundBy = Name,
            LayerDiffId = file.Location.LayerDiffId,
            Locations = [file.Location],
            Cpes = [CpeGenerator.Create("golang", "go", bare)],
            Metadata = AddPlatformAndSymbols(
                new MetadataBuilder().Add("goVersion", info.GoVersion).Add(MetadataKeys.Architecture, info.Settings.GetValueOrDefault("GOARCH")).Add("mainModule", info.Main?.Path ?? info.MainPath),
                info, byModule, GoLinkedSymbols.StandardLibrary).Build(),
        };
    }

    /// <summary>What reachability needs: the target OS, and the module's linked functions or why there are none.</summary>
    private static MetadataBuilder AddPlatformAndSymbols(MetadataBuilder metadata, GoBuildInfo info, ModuleSymbols byModule, string module) =>
        metadata.Add(MetadataKeys.GoOs, info.Settings.GetValueOrDefault("GOOS"))
            .Add(MetadataKeys.GoSymbols, byModule.Encoded(module))
            .Add(MetadataKeys.GoSymbolsError, byModule.Error);
}
