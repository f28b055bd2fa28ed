using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging;

/// <summary>
/// Finds packages of one kind. A cataloger declares the paths and globs it reads; only those files
/// are buffered during the layer walk. It reports bad files as diagnostics and never throws for them.
/// </summary>
public interface ICataloger
{
    /// <summary>Stable name, e.g. <c>dpkg-db-cataloger</c> (shown as the package's <c>foundBy</c>).</summary>
    string Name { get; }

    /// <summary>Absolute paths and globs whose contents this cataloger needs.</summary>
    IReadOnlyList<string> RequestedGlobs { get; }

    ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken);
}

/// <summary>What a cataloger gets: the file view and what is already known about the image.</summary>
public sealed record CatalogContext(IFileResolver Files, Distro? Distro);

/// <summary>What a cataloger found.</summary>
public sealed record CatalogResult(IReadOnlyList<Package> Packages, IReadOnlyList<Relationship> Relationships, IReadOnlyList<Diagnostic> Diagnostics)
{
    public static readonly CatalogResult Empty = new([], [], []);
}
