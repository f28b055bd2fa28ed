using Gantry.Cataloging.Apk;
using Gantry.Cataloging.Dpkg;

namespace Gantry.Cataloging;

/// <summary>The explicit list of catalogers (no reflection scanning: easy to grep, trim- and AOT-safe).</summary>
public static class CatalogerRegistry
{
    public static IReadOnlyList<ICataloger> CreateDefault() =>
    [
        new DpkgCataloger(),
        new ApkCataloger(),
    ];
}
