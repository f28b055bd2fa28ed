using Gantry.Core;

namespace Gantry.Policy.Gates;

/// <summary><c>packages</c>: distro package presence, blacklist and integrity.</summary>
internal static class PackagesGate
{
    public static GateDefinition Definition { get; } = new(
        "packages",
        "Distro package checks",
        GateOrigin.Anchore,
        [
            new TriggerDefinition("required_package", "Triggers if the specified package and optionally a specific version is not found in the image.",
            [
                new("name", "Name of package that must be found installed in image.") { Required = true, Example = "libssl" },
                new("version", "Optional version of package for exact version match.") { Example = "1.10.3rc3" },
                new("version_match_type", "The type of comparison to use for version if a version is provided.", ParameterKind.Enum) { AllowedValues = ["exact", "minimum"], Example = "exact", Default = "exact" },
            ], RequiredPackage),
            new TriggerDefinition("verify", "Check package integrity against package db in the image. Triggers for changes or removal or content in all or the selected \"dirs\" parameter if provided, and can filter type of check with the \"check_only\" parameter.",
            [
                new("only_packages", "List of package names to limit verification.", ParameterKind.CommaList) { Example = "libssl,openssl" },
                new("only_directories", "List of directories to limit checks so as to avoid checks on all dir.", ParameterKind.CommaList) { Example = "/usr,/var/lib" },
                new("check", "Check to perform instead of all.", ParameterKind.Enum) { AllowedValues = ["changed", "missing"], Example = "changed" },
            ], Verify),
            new TriggerDefinition("blacklist", "Triggers if the evaluated image has a package installed that matches the named package optionally with a specific version as well.",
            [
                new("name", "Package name to blacklist.") { Required = true, Example = "openssh-server" },
                new("version", "Specific version of package to blacklist.") { Example = "1.0.1" },
            ], Blacklist),
        ]);

    private static IEnumerable<Package> OsPackages(TriggerContext context) => context.Input.Sbom.Packages.Where(p => p.Type.IsOsPackage());

    private static void RequiredPackage(TriggerContext context)
    {
        var name = context.Params.GetRequired("name");
        var version = context.Params.Get("version");
        var minimum = context.Params.Get("version_match_type") == "minimum";
        var package = OsPackages(context).FirstOrDefault(p => p.Name == name);
        if (package is null)
        {
            context.Fire(version is null
                ? $"Required input package ({name}) is not present in container image"
                : $"Required input package ({name},{version}) is not present in container image");
            return;
        }

        if (version is null || package.Version == version)
        {
            return;
        }

        if (!minimum)
        {
            context.Fire($"Required input package ({package.Name}) is present ({package.Version}), but not at the version specified in policy ({name})");
        }
        else if (context.State.Settings.CompareVersion(package, version) < 0)
        {
            context.Fire($"Required min-version input package ({package.Name}) is present ({package.Version}), but is lower version than what is specified in policy ({version})");
        }
    }

    private static void Verify(TriggerContext context)
    {
        var packages = context.Params.GetList("only_packages");
        var directories = context.Params.GetList("only_directories");
        var check = context.Params.Get("check");
        foreach (var status in context.Input.PackageVerification)
        {
            if ((packages.Count > 0 && !packages.Contains(status.PackageName))
                || (directories.Count > 0 && !directories.Any(d => status.Path.StartsWith(d, StringComparison.Ordinal))))
            {
                continue;
            }

            var state = status.State == Evaluation.PackageFileState.Changed ? "changed" : "missing";
            if (check is null || check == state)
            {
                context.Fire($"VERIFY check against package db for package '{status.PackageName}' failed on entry '{status.Path}' with status: '{state}'");
            }
        }
    }

    private static void Blacklist(TriggerContext context)
    {
        var name = context.Params.GetRequired("name");
        var version = context.Params.Get("version");
        foreach (var package in OsPackages(context).Where(p => p.Name == name && (version is null || p.Version == version)))
        {
            context.Fire(version is null ? $"Package is blacklisted: {package.Name}" : $"Package is blacklisted: {package.Name}-{package.Version}");
        }
    }
}
