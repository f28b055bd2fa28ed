using Gantry.Cataloging.Apk;
using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Dart;
using Gantry.Cataloging.DotNet;
using Gantry.Cataloging.Dpkg;
using Gantry.Cataloging.Golang;
using Gantry.Cataloging.Java;
using Gantry.Cataloging.Npm;
using Gantry.Cataloging.Php;
using Gantry.Cataloging.Python;
using Gantry.Cataloging.Rpm;
using Gantry.Cataloging.Ruby;
using Gantry.Cataloging.Rust;

namespace Gantry.Cataloging;

/// <summary>The explicit list of catalogers (no reflection scanning: easy to grep, trim- and AOT-safe).</summary>
public static class CatalogerRegistry
{
    public static IReadOnlyList<ICataloger> CreateDefault() =>
    [
        new DpkgCataloger(),
        new ApkCataloger(),
        new RpmCataloger(),
        new NpmInstalledCataloger(),
        new NpmLockCataloger(),
        new PythonInstalledCataloger(),
        new PythonDeclaredCataloger(),
        new JavaArchiveCataloger(),
        new GoBinaryCataloger(),
        new DotNetDepsCataloger(),
        new NuGetLockCataloger(),
        new GemspecCataloger(),
        new GemfileLockCataloger(),
        new CargoLockCataloger(),
        new CargoAuditableCataloger(),
        new ComposerLockCataloger(),
        new ComposerCataloger(),
        new PubspecLockCataloger(),
        new BinaryCataloger(),
    ];
}
