using Gantry.Cataloging.Common;

namespace Gantry.Cataloging.Php;

/// <summary>Locked PHP packages of a project folder (<c>dir:</c> sources only) from <c>composer.lock</c> (<c>packages</c> and <c>packages-dev</c>).</summary>
internal sealed class ComposerLockCataloger : ICataloger
{
    public string Name => ComposerPackages.CatalogerName;

    public CatalogerKind Kind => CatalogerKind.Declared;

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/composer.lock"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, ComposerPackages.Parse, cancellationToken));
}
