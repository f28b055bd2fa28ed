using System.Text.Json;
using Gantry.Server.Api;
using Gantry.Server.Storage;

namespace Gantry.Server.Images;

/// <summary>Turns stored image records into the engine's image record (SERVICE.md §1.1).</summary>
public sealed class ImagePresenter(IStateStore store)
{
    public List<ImageResponse> Present(IEnumerable<ImageRecord> images) => images.Select(Present).ToList();

    public ImageResponse Present(ImageRecord image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var analysis = image.AnalysisStatus == ImageCatalog.Analyzed ? store.GetAnalysis(image.Digest) : null;
        var digest = image.Digest;
        return new ImageResponse
        {
            ImageDigest = digest,
            ParentDigest = image.ParentDigest ?? digest,
            UserId = image.Account,
            ImageStatus = image.ImageStatus,
            AnalysisStatus = image.AnalysisStatus,
            AnalyzedAt = image.AnalyzedAt is { } at ? ImageCatalog.Iso(at) : null,
            CreatedAt = ImageCatalog.Iso(image.CreatedAt),
            LastUpdated = ImageCatalog.Iso(image.LastUpdated),
            Annotations = image.AnnotationsJson is null ? null : JsonDocument.Parse(image.AnnotationsJson).RootElement.Clone(),
            RecordVersion = image.RecordVersion,
            ImageContent = new ImageContent(analysis is null
                ? new ImageContentMetadata(null, null, null, null, null, null)
                : new ImageContentMetadata(analysis.Architecture, analysis.Distro, analysis.DistroVersion, analysis.DockerfileMode, analysis.ImageSize,
                    analysis.LayerCount)),
            ImageDetail = image.Tags.Select(t => new ImageDetail
            {
                Registry = t.Registry,
                Repo = t.Repo,
                Tag = t.Tag,
                FullTag = t.FullTag,
                Digest = digest,
                FullDigest = $"{t.Registry}/{t.Repo}@{digest}",
                ImageId = image.ImageId,
                ImageDigest = digest,
                UserId = image.Account,
                Dockerfile = t.Dockerfile,
                CreatedAt = ImageCatalog.Iso(t.CreatedAt),
                LastUpdated = ImageCatalog.Iso(image.LastUpdated),
                TagDetectedAt = ImageCatalog.Iso(t.TagDetectedAt),
            }).ToList(),
        };
    }
}
