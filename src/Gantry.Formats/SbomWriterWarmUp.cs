using Gantry.Core;
using Gantry.Core.Secrets;

namespace Gantry.Formats;

/// <summary>
/// A small SBOM with one of every part a document holds, for a host to write to nowhere in the format it was asked for
/// while the image is still being read: writing the first document of a process loads the serializer's metadata and the
/// writer's code (tens of milliseconds), and a core left idle during the command line and the image's opening can do
/// that instead of the scan's path once the real SBOM is ready.
/// </summary>
public static class SbomWriterWarmUp
{
    private const string DiffId = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    public static Sbom Sample { get; } = new()
    {
        Source = new ImageDescription
        {
            Input = "warm-up",
            Kind = "oci-dir",
            ManifestDigest = DiffId,
            Tags = ["warm-up:latest"],
            Created = DateTimeOffset.UnixEpoch,
            Layers = [new LayerDescription { Index = 0, Digest = DiffId, DiffId = DiffId, Size = 1, CreatedBy = "warm-up" }],
            Config = new ImageConfigSummary { Env = ["PATH=/bin"], Labels = new Dictionary<string, string> { ["warm"] = "up" }, Healthcheck = ["NONE"] },
            Annotations = new Dictionary<string, string> { ["warm"] = "up" },
        },
        Distro = new Distro { Id = "debian", VersionId = "12", IdLike = ["debian"] },
        Packages =
        [
            new Package
            {
                Name = "warm-up",
                Version = "1.0",
                Type = PackageType.Deb,
                Purl = Purl.Parse("pkg:deb/debian/warm-up@1.0?arch=amd64"),
                FoundBy = "warm-up",
                LayerDiffId = DiffId,
                Locations = [new Location("/var/lib/dpkg/status", DiffId)],
                Licenses = ["MIT"],
                Cpes = ["cpe:2.3:a:warm-up:warm-up:1.0:*:*:*:*:*:*:*"],
                Files = ["/usr/bin/warm-up"],
                Metadata = new Dictionary<string, string> { ["source"] = "warm-up" },
            },
        ],
        Relationships = [new Relationship("a", "b", Relationship.OwnershipByFileOverlap)],
        Files = new FileSummary { FileCount = 1, Layers = [new LayerFileSummary(DiffId, 1, 1)] },
        Diagnostics = [new Diagnostic("warm-up", "warm-up", "/warm-up", DiffId)],
        Secrets = [new SecretFinding("warm-up", "general", Severity.Low, "warm-up", SecretSource.File, "/warm-up", DiffId, 1, "****")],
    };
}
