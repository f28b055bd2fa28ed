using Gantry.Core;
using Gantry.Images.Blobs;
using Gantry.Images.Oci;

namespace Gantry.Images.Sources;

/// <summary>
/// Reads an OCI image layout (a folder, or the same inside a tar): walks <c>index.json</c> and nested
/// indexes, picks one image by name and platform, and returns it with verified manifest and config.
/// </summary>
internal static class OciLayoutReader
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    private const string ContainerdNameAnnotation = "io.containerd.image.name";
    private const int MaxIndexDepth = 8;

    public static ContainerImage Read(IBlobStore store, SourceSpec source, ImageSelector selector)
    {
        var indexBytes = ManifestLoader.ReadSmallFile(store, "index.json", "index.json");
        var index = ManifestLoader.Deserialize(indexBytes, OciJsonContext.Default.OciIndex, $"{store.DisplayName}: index.json");
        var candidates = new List<Candidate>();
        Collect(store, index, names: [], depth: 0, candidates);
        if (candidates.Count == 0)
        {
            throw new InvalidInputException($"{store.DisplayName}: the layout holds no image manifest");
        }

        var chosen = Choose(store, candidates, selector);
        var manifestBytes = ManifestLoader.ReadVerifiedBlob(store, chosen.Descriptor, "manifest");
        var manifest = ManifestLoader.Deserialize(manifestBytes, OciJsonContext.Default.OciManifest, $"{store.DisplayName}: manifest {chosen.Descriptor.Digest}");
        if (manifest.Config is null)
        {
            throw new InvalidInputException($"{store.DisplayName}: manifest {chosen.Descriptor.Digest} has no config");
        }

        var configBytes = ManifestLoader.ReadVerifiedBlob(store, manifest.Config, "config");
        var config = ManifestLoader.ParseConfig(configBytes, $"{store.DisplayName}: config {manifest.Config.Digest}");
        foreach (var layer in manifest.Layers)
        {
            if (!Digest.TryParse(layer.Digest, out var d) || !store.Exists($"blobs/{d.Algorithm}/{d.Hex}"))
            {
                throw new InvalidInputException($"{store.DisplayName}: layer blob {layer.Digest} named by the manifest is missing");
            }
        }

        var (description, layers) = ManifestLoader.Describe(source, manifest.Layers, config,
            chosen.Descriptor.Digest, manifest.MediaType ?? chosen.Descriptor.MediaType, manifest.Config.Digest,
            chosen.Names, manifest.Annotations);
        return new ContainerImage(description, config, layers, (layer, _) =>
        {
            var d = Digest.Parse(layer.Blob.Digest);
            return Task.FromResult(store.Open($"blobs/{d.Algorithm}/{d.Hex}"));
        }, store);
    }

    internal static void Collect(IBlobStore store, OciIndex index, IReadOnlyList<string> names, int depth, List<Candidate> candidates)
    {
        if (depth > MaxIndexDepth)
        {
            throw new InvalidInputException($"{store.DisplayName}: indexes nested more than {MaxIndexDepth} deep");
        }

        foreach (var descriptor in index.Manifests)
        {
            var ownNames = names.Concat(NamesOf(descriptor)).Distinct().ToList();
            if (MediaTypes.IsIndex(descriptor.MediaType))
            {
                var nestedBytes = ManifestLoader.ReadVerifiedBlob(store, descriptor, "index");
                var nested = ManifestLoader.Deserialize(nestedBytes, OciJsonContext.Default.OciIndex, $"{store.DisplayName}: index {descriptor.Digest}");
                Collect(store, nested, ownNames, depth + 1, candidates);
            }
            else if (descriptor.MediaType is null || MediaTypes.IsManifest(descriptor.MediaType))
            {
                candidates.Add(new Candidate(descriptor, ownNames));
            }
        }
    }

    private static IEnumerable<string> NamesOf(OciDescriptor descriptor)
    {
        if (descriptor.Annotations is null)
        {
            yield break;
        }

        if (descriptor.Annotations.TryGetValue(RefNameAnnotation, out var refName))
        {
            yield return refName;
        }

        if (descriptor.Annotations.TryGetValue(ContainerdNameAnnotation, out var containerdName))
        {
            yield return containerdName;
        }
    }

    internal static Candidate Choose(IBlobStore store, List<Candidate> candidates, ImageSelector selector)
    {
        var named = selector.Name is null
            ? candidates
            : candidates.Where(c => c.Descriptor.Digest.StartsWith(selector.Name, StringComparison.Ordinal) || c.Names.Any(selector.NameMatches)).ToList();
        if (named.Count == 0)
        {
            throw new InvalidInputException($"{store.DisplayName}: no image '{selector.Name}' here; it holds {Describe(candidates)}");
        }

        var platformed = named.Where(c => c.Descriptor.Platform is not null).ToList();
        if (named.Count > 1 && platformed.Count == named.Count)
        {
            var wanted = selector.Platform ?? ImageSelector.DefaultPlatform;
            var match = named.Where(c => ImageSelector.PlatformMatches(wanted, c.Descriptor.Platform)).ToList();
            if (match.Count == 0)
            {
                throw new InvalidInputException($"{store.DisplayName}: no image for platform {wanted}; platforms here: {string.Join(", ", named.Select(c => c.Descriptor.Platform!.ToString()))}");
            }

            named = match;
        }
        else if (selector.Platform is not null && named.Count == 1 && named[0].Descriptor.Platform is { } only
            && !ImageSelector.PlatformMatches(selector.Platform, only))
        {
            throw new InvalidInputException($"{store.DisplayName}: no image for platform {selector.Platform}; platforms here: {only}");
        }

        if (named.Select(c => c.Descriptor.Digest).Distinct().Count() > 1)
        {
            throw new InvalidInputException($"{store.DisplayName}: holds several images, choose one with --image: {Describe(named)}");
        }

        return named[0];
    }

    private static string Describe(IEnumerable<Candidate> candidates) =>
        string.Join(", ", candidates.Select(c => c.Names.Count > 0 ? $"{string.Join("/", c.Names)} ({Short(c.Descriptor.Digest)})" : c.Descriptor.Digest));

    private static string Short(string digest) => Digest.TryParse(digest, out var d) ? $"{d.Algorithm}:{d.Short}" : digest;

    internal sealed record Candidate(OciDescriptor Descriptor, IReadOnlyList<string> Names);
}
