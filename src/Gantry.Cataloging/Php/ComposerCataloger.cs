using Gantry.Cataloging.Common;

namespace Gantry.Cataloging.Php;

/// <summary>Installed PHP packages from <c>vendor/composer/installed.json</c> (Composer 1: an array; Composer 2: <c>{"packages": [...]}</c>).</summary>
internal sealed class ComposerCataloger : ICataloger
{
    public string Name => ComposerPackages.CatalogerName;

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/vendor/composer/installed.json"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, ComposerPackages.Parse, cancellationToken));
}
