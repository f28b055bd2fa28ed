using System.Text.Json.Nodes;
using Gantry.Server.Images;
using Gantry.Server.Storage;

namespace Gantry.Server.Notifications;

/// <summary>
/// <c>analysis_update</c> (SERVICE.md §2): when an analysis succeeds, one notification per tag of the image whose
/// <c>analysis_update</c> subscription is active. A failed analysis sends none.
/// </summary>
public sealed class AnalysisUpdates(Subscriptions subscriptions, Notifier notifier)
{
    public void Completed(ImageRecord image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var tags = image.Tags.Select(t => t.FullTag).Distinct(StringComparer.Ordinal)
            .Where(tag => subscriptions.IsActive(image.Account, tag, Subscriptions.AnalysisUpdate));
        foreach (var tag in tags)
        {
            notifier.Notify(image.Account, Subscriptions.AnalysisUpdate, tag, new JsonObject
            {
                ["subscription_type"] = Subscriptions.AnalysisUpdate,
                ["last_eval"] = Eval(image, ImageCatalog.Analyzing),
                ["curr_eval"] = Eval(image, ImageCatalog.Analyzed),
                ["annotations"] = Annotations(image),
            });
        }
    }

    private static JsonObject Eval(ImageRecord image, string status) =>
        new() { ["imageDigest"] = image.Digest, ["analysis_status"] = status, ["annotations"] = Annotations(image) };

    private static JsonNode Annotations(ImageRecord image) => image.AnnotationsJson is { } json ? JsonNode.Parse(json)! : new JsonObject();
}
