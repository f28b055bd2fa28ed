using Gantry.Cataloging.Common;

namespace Gantry.Cataloging.Java;

/// <summary>Java archives (<c>.jar .war .ear .jpi .hpi</c>) and the archives nested in them.</summary>
internal sealed class JavaArchiveCataloger : ICataloger
{
    public string Name => "java-archive-cataloger";

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/*.jar", "**/*.war", "**/*.ear", "**/*.jpi", "**/*.hpi"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, file => new JavaArchiveScanner(file, Name).Scan(), cancellationToken));
}
