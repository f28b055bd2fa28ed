using Gantry.Core;
using Gantry.Images.Registry;
using Gantry.Images.Sources;

namespace Gantry.Images.Copy;

public enum DestinationKind
{
    Registry,
    OciDirectory,
    OciArchive,
}

/// <summary>Where <c>gantry copy</c> writes: <c>registry:REF</c> (or a bare reference with a host), <c>oci-dir:PATH[:TAG]</c> or <c>oci-archive:PATH[:TAG]</c>.</summary>
public sealed record CopyDestination(DestinationKind Kind, string Original, string Path, string? Tag, ImageReference? Reference)
{
    public static CopyDestination Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var (prefix, kind) in (ReadOnlySpan<(string, DestinationKind)>)[("oci-dir:", DestinationKind.OciDirectory), ("oci-archive:", DestinationKind.OciArchive)])
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = value[prefix.Length..];
                var colon = rest.LastIndexOf(':');
                var (path, tag) = colon > 0 && !rest[(colon + 1)..].Contains('/', StringComparison.Ordinal)
                    ? (rest[..colon], rest[(colon + 1)..])
                    : (rest, null);
                if (path.Length == 0 || tag is { Length: 0 })
                {
                    throw new InvalidInputException($"{value}: expected {prefix}PATH[:TAG]");
                }

                return new CopyDestination(kind, value, path, tag, null);
            }
        }

        if (value.StartsWith("registry:", StringComparison.Ordinal))
        {
            return new CopyDestination(DestinationKind.Registry, value, string.Empty, null, ImageReference.Parse(value["registry:".Length..]));
        }

        SourceSpec spec;
        try
        {
            spec = SourceSpec.Parse(value);
        }
        catch (InvalidInputException)
        {
            spec = new SourceSpec(SourceKind.Directory, value, value);
        }

        return spec.Kind == SourceKind.Registry
            ? new CopyDestination(DestinationKind.Registry, value, string.Empty, null, ImageReference.Parse(spec.Location))
            : throw new InvalidInputException($"{value}: not a copy destination; expected registry:REF, oci-dir:PATH[:TAG] or oci-archive:PATH[:TAG]");
    }
}
