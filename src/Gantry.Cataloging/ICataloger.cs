using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging;

/// <summary>What a cataloger's files tell: what is installed in the image, or what a project declares it depends on.</summary>
public enum CatalogerKind
{
    /// <summary>Package databases and installed metadata: read in every source.</summary>
    Installed,

    /// <summary>
    /// Lock files and requirements: read only in a project folder (<c>dir:</c>). In an image they say what was
    /// planned, not what is installed (as syft's "declared" catalogers).
    /// </summary>
    Declared,
}

/// <summary>
/// Finds packages of one kind. A cataloger declares the paths and globs it reads; only those files
/// are buffered during the layer walk. It reports bad files as diagnostics and never throws for them.
/// </summary>
public interface ICataloger
{
    /// <summary>Stable name, e.g. <c>dpkg-db-cataloger</c> (shown as the package's <c>foundBy</c>).</summary>
    string Name { get; }

    CatalogerKind Kind => CatalogerKind.Installed;

    /// <summary>Absolute paths and globs whose contents this cataloger needs.</summary>
    IReadOnlyList<string> RequestedGlobs { get; }

    /// <summary>
    /// What this cataloger reads from files too big to buffer (binaries): run over the files they match during the layer
    /// walk, their facts read back through <see cref="IFileResolver.TryReadExtract"/>. None by default.
    /// </summary>
    IReadOnlyList<IFileExtractor> Extractors => [];

    ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken);
}

/// <summary>
/// What a cataloger gets: the file view and what is already known about the image. <paramref name="IsProjectFolder"/>
/// is true for a <c>dir:</c> source, the only one <see cref="CatalogerKind.Declared"/> catalogers read.
/// </summary>
public sealed record CatalogContext(IFileResolver Files, Distro? Distro, bool IsProjectFolder = false)
{
    /// <summary>True when <paramref name="cataloger"/> reads this source: installed catalogers always, declared ones in a project folder.</summary>
    public bool IsReadBy(ICataloger cataloger)
    {
        ArgumentNullException.ThrowIfNull(cataloger);
        return cataloger.Kind == CatalogerKind.Installed || IsProjectFolder;
    }
}

/// <summary>What a cataloger found.</summary>
public sealed record CatalogResult(IReadOnlyList<Package> Packages, IReadOnlyList<Relationship> Relationships, IReadOnlyList<Diagnostic> Diagnostics)
{
    public static readonly CatalogResult Empty = new([], [], []);
}
