using System.Text.Json.Nodes;
using Gantry.Server.Api;
using Gantry.Server.Configuration;
using Gantry.Server.Images;

namespace Gantry.Server.Notifications;

/// <summary>
/// <c>POST /system/webhooks/{type}/test</c>: one notification of the asked type, in the real envelope and with the
/// real headers, sent once to the webhook configured under <c>{type}</c>. Its payload has the type's real shape
/// (the engine's fake uses <c>image_digest</c> for <c>imageDigest</c>; not copied) and <c>"test": true</c>.
/// </summary>
public sealed class WebhookTests(ServerConfig config, Notifier notifier, WebhookSender sender, TimeProvider timeProvider)
{
    private const string SampleDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    private const string SampleTag = "docker.io/library/test:latest";

    public async Task<WebhookTestResponse> SendAsync(string account, string webhook, string notificationType, CancellationToken cancellationToken)
    {
        if (webhook != WebhookSettings.General && !Subscriptions.AllTypes.Contains(webhook))
        {
            throw ApiException.BadRequest($"{webhook} is not a webhook type (general, {string.Join(", ", Subscriptions.AllTypes)})");
        }

        if (!Subscriptions.TagTypes.Contains(notificationType))
        {
            throw ApiException.BadRequest($"{notificationType} is not a notification type that can be tested ({string.Join(", ", Subscriptions.TagTypes)})");
        }

        var url = config.Webhooks.UrlOf(webhook) ?? throw ApiException.NotFound($"no webhook configured for {webhook}");
        var notificationId = Guid.NewGuid().ToString();
        var body = notifier.Envelope(account, notificationType, SampleTag, Sample(notificationType), notificationId, timeProvider.GetUtcNow());
        var outcome = await sender.SendAsync(WebhookSettings.Expand(url, notificationType, account), body, notificationId, cancellationToken).ConfigureAwait(false);
        return new WebhookTestResponse(webhook, notificationType, notificationId, outcome.Delivered, outcome.StatusCode, outcome.Detail);
    }

    private static JsonObject Sample(string type)
    {
        var payload = new JsonObject { ["subscription_type"] = type, ["test"] = true };
        switch (type)
        {
            case Subscriptions.TagUpdate:
                payload["last_eval"] = new JsonArray();
                payload["curr_eval"] = new JsonArray(SampleDigest);
                break;
            case Subscriptions.VulnUpdate:
                payload["imageDigest"] = SampleDigest;
                payload["diff_vulnerability_result"] = new JsonObject { ["added"] = new JsonArray(), ["removed"] = new JsonArray(), ["updated"] = new JsonArray() };
                break;
            case Subscriptions.PolicyEval:
                payload["last_eval"] = new JsonObject { ["image_digest"] = SampleDigest, ["status"] = "pass", ["final_action"] = "go" };
                payload["curr_eval"] = new JsonObject { ["image_digest"] = SampleDigest, ["status"] = "fail", ["final_action"] = "stop" };
                break;
            default:
                payload["last_eval"] = new JsonObject { ["imageDigest"] = SampleDigest, ["analysis_status"] = "analyzing", ["annotations"] = new JsonObject() };
                payload["curr_eval"] = new JsonObject { ["imageDigest"] = SampleDigest, ["analysis_status"] = "analyzed", ["annotations"] = new JsonObject() };
                break;
        }

        return payload;
    }
}
