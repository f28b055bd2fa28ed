using System.Globalization;
using Gantry.Core;

namespace Gantry.Formats.Common;

/// <summary>
/// Gantry's facts that the standard formats have no field for (layer, locations, cataloger, ecosystem metadata), as
/// <c>gantry:</c> name/value pairs: CycloneDX properties, SPDX annotations (<c>name=value</c>). The readers use the same
/// names to restore them.
/// </summary>
public static class GantryProperties
{
    public const string PackageType = "gantry:package:type";
    public const string FoundBy = "gantry:package:foundBy";
    public const string LayerDiffId = "gantry:layer:diffId";
    public const string RemovedByLayerDiffId = "gantry:layer:removedBy";
    public const string LocationPrefix = "gantry:location:";
    public const string MetadataPrefix = "gantry:metadata:";
    public const string Cpe = "gantry:cpe23";
    public const string OwnedBy = "gantry:ownedBy";
    public const string SourceInput = "gantry:source:input";
    public const string SourceKind = "gantry:source:kind";
    public const string ManifestDigest = "gantry:image:manifestDigest";
    public const string ConfigDigest = "gantry:image:configDigest";
    public const string Tag = "gantry:image:tag";
    public const string Architecture = "gantry:image:architecture";
    public const string Os = "gantry:image:os";
    public const string LayerPrefix = "gantry:image:layer:";
    public const string DistroCodename = "gantry:distro:versionCodename";
    public const string DistroIdLike = "gantry:distro:idLike";
    public const string DistroSource = "gantry:distro:source";

    /// <summary>A scan's warning (CycloneDX metadata property): no vulnerability data for the image's distro, and the like.</summary>
    public const string Warning = "gantry:warning";

    /// <summary>The package's properties in a fixed order (metadata keys sorted).</summary>
    public static IEnumerable<KeyValuePair<string, string>> ForPackage(Package package)
    {
        yield return new(PackageType, package.Type.ToWireName());
        yield return new(FoundBy, package.FoundBy);
        if (package.LayerDiffId.Length > 0)
        {
            yield return new(LayerDiffId, package.LayerDiffId);
        }

        if (package.RemovedByLayerDiffId is { } removedBy)
        {
            yield return new(RemovedByLayerDiffId, removedBy);
        }

        for (var i = 0; i < package.Locations.Count; i++)
        {
            yield return new(FormattableString.Invariant($"{LocationPrefix}{i}:path"), package.Locations[i].Path);
            if (package.Locations[i].LayerDiffId.Length > 0)
            {
                yield return new(FormattableString.Invariant($"{LocationPrefix}{i}:layerDiffId"), package.Locations[i].LayerDiffId);
            }
        }

        foreach (var (key, value) in package.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            yield return new(MetadataPrefix + key, value);
        }
    }

    /// <summary>The image's identity and layers.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ForImage(ImageDescription image)
    {
        yield return new(SourceInput, image.Input);
        yield return new(SourceKind, image.Kind);
        foreach (var (name, value) in new[] { (ManifestDigest, image.ManifestDigest), (ConfigDigest, image.ConfigDigest), (Architecture, image.Architecture), (Os, image.Os) })
        {
            if (value is not null)
            {
                yield return new(name, value);
            }
        }

        foreach (var tag in image.Tags)
        {
            yield return new(Tag, tag);
        }

        foreach (var layer in image.Layers)
        {
            var prefix = FormattableString.Invariant($"{LayerPrefix}{layer.Index}:");
            yield return new(prefix + "digest", layer.Digest);
            yield return new(prefix + "diffId", layer.DiffId);
            yield return new(prefix + "size", layer.Size.ToString(CultureInfo.InvariantCulture));
            if (layer.MediaType is not null)
            {
                yield return new(prefix + "mediaType", layer.MediaType);
            }

            if (layer.CreatedBy is not null)
            {
                yield return new(prefix + "createdBy", layer.CreatedBy);
            }
        }
    }

    public static IEnumerable<KeyValuePair<string, string>> ForDistro(Distro distro)
    {
        if (distro.VersionCodename is not null)
        {
            yield return new(DistroCodename, distro.VersionCodename);
        }

        foreach (var like in distro.IdLike)
        {
            yield return new(DistroIdLike, like);
        }

        if (distro.Source is not null)
        {
            yield return new(DistroSource, distro.Source);
        }
    }
}
