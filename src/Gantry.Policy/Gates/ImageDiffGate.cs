using Gantry.Core;

namespace Gantry.Policy.Gates;

/// <summary>
/// <c>image_diff</c> (Gantry): packages added, removed or changed against a reference image (the previous
/// release, say), like Anchore Enterprise's <c>tag_drift</c>.
/// </summary>
internal static class ImageDiffGate
{
    private static readonly TriggerParameter PackageTypeParameter = new("package_type", "Only consider packages of this type (deb, apk, rpm, npm, python, java-archive, gem, go-module, …); all when absent.") { Example = "npm" };

    public static GateDefinition Definition { get; } = new(
        "image_diff",
        "Gantry: compares the image's packages with a reference image (image manifest changes).",
        GateOrigin.Gantry,
        [
            new TriggerDefinition("packages_added", "Triggers for each package present in the image but not in the reference image.", [PackageTypeParameter],
                context => Diff(context, (image, reference) => image.Where(p => !reference.ContainsKey(Key(p))).Select(p => $"Package {p.Name}-{p.Version} ({p.Type.ToWireName()}) added since the reference image"))),
            new TriggerDefinition("packages_removed", "Triggers for each package present in the reference image but not in the image.", [PackageTypeParameter],
                context => Diff(context, (image, reference) =>
                {
                    var present = image.Select(Key).ToHashSet();
                    return reference.Values.Where(p => !present.Contains(Key(p))).Select(p => $"Package {p.Name}-{p.Version} ({p.Type.ToWireName()}) removed since the reference image");
                })),
            new TriggerDefinition("packages_modified", "Triggers for each package whose version differs from the reference image's.", [PackageTypeParameter],
                context => Diff(context, Modified)),
        ]);

    private static IEnumerable<string> Modified(List<Package> image, Dictionary<(PackageType, string), Package> reference)
    {
        foreach (var package in image)
        {
            if (reference.TryGetValue(Key(package), out var old) && old.Version != package.Version)
            {
                yield return $"Package {package.Name} ({package.Type.ToWireName()}) changed from {old.Version} to {package.Version} since the reference image";
            }
        }
    }

    private static (PackageType, string) Key(Package package) => (package.Type, package.Name);

    private static void Diff(TriggerContext context, Func<List<Package>, Dictionary<(PackageType, string), Package>, IEnumerable<string>> changes)
    {
        if (context.Input.Reference is not { } reference)
        {
            context.Warn("no reference image was given; nothing was compared");
            return;
        }

        var type = context.Params.Get("package_type");
        bool Wanted(Package p) => type is null || p.Type.ToWireName() == type;
        var image = context.Input.Sbom.Packages.Where(Wanted).ToList();
        var before = new Dictionary<(PackageType, string), Package>();
        foreach (var package in reference.Packages.Where(Wanted))
        {
            before.TryAdd(Key(package), package);
        }

        foreach (var message in changes(image, before).Distinct(StringComparer.Ordinal))
        {
            context.Fire(message);
        }
    }
}
