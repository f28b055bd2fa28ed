using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Engine;
using Gantry.Engine.Evaluation;
using Gantry.Server.Analysis;
using Gantry.Server.Api;
using Gantry.Server.Events;
using Gantry.Server.Images;
using Gantry.Server.Notifications;
using Gantry.Server.Storage;

namespace Gantry.Server.Policies;

/// <summary>
/// <c>GET /images/{digest}/check</c> (SERVICE.md §1.2): evaluates the stored analysis with the account's active (or
/// named) policy for each asked tag, stores the evaluation, and answers in the engine's nested shape; with
/// <c>history</c>, answers the stored evaluations instead.
/// </summary>
public sealed class PolicyChecks(IStateStore store, ImageCatalog images, GantryEngine engine, AnalysisStore documents, VulnerabilityDatabase database,
    Subscriptions subscriptions, Notifier notifier, EventFactory events, TimeProvider timeProvider)
{
    public List<Dictionary<string, Dictionary<string, List<CheckEntry>>>> Check(string account, string digest, string? tag, string? policyId, bool detail,
        bool history, CancellationToken cancellationToken)
    {
        var image = images.GetAnalyzed(account, digest);
        var policy = policyId is null
            ? store.ListPolicies(account).FirstOrDefault(p => p.Active) ?? throw ApiException.NotFound($"user has no active policy to evaluate: {account}")
            : store.GetPolicy(account, policyId) ?? throw ApiException.NotFound($"policy {policyId} not found");
        var tags = tag is null ? image.Tags.Select(t => t.FullTag).ToList() : [Normalize(tag)];
        var byTag = new Dictionary<string, List<CheckEntry>>(StringComparer.Ordinal);
        foreach (var fullTag in tags)
        {
            byTag[fullTag] = history
                ? store.ListEvaluations(account, digest, fullTag).Select(e => Entry(e, detail)).ToList()
                : [Entry(Evaluate(image, policy, fullTag, cancellationToken), detail)];
        }

        if (history && byTag.Values.All(v => v.Count == 0))
        {
            throw ApiException.NotFound($"no policy evaluations stored for image {digest}");
        }

        return [new() { [digest] = byTag }];
    }

    /// <summary>The re-check's evaluation of <paramref name="image"/> as <paramref name="fullTag"/> with the active policy; false when the account has none.</summary>
    public bool Recheck(ImageRecord image, string fullTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (store.ListPolicies(image.Account).FirstOrDefault(p => p.Active) is not { } policy)
        {
            return false;
        }

        Evaluate(image, policy, fullTag, cancellationToken);
        return true;
    }

    private EvaluationRecord Evaluate(ImageRecord image, PolicyRecord policy, string fullTag, CancellationToken cancellationToken)
    {
        var stored = store.ListEvaluations(image.Account, image.Digest, fullTag);
        var previous = stored.Count > 0 ? stored[0] : null;
        var validation = engine.Policy.ValidateText(policy.BundleJson);
        if (!validation.IsValid)
        {
            throw ApiException.Refused($"policy {policy.PolicyId} cannot be evaluated: {string.Join("; ", validation.ErrorMessages)}");
        }

        var dockerfile = image.Tags.FirstOrDefault(t => t.FullTag == fullTag)?.Dockerfile is { } encoded ? Decode(encoded) : null;
        var evaluation = engine.StoredImages.Evaluate(policy.BundleJson, documents.Load(image.Digest), fullTag, dockerfile, database.Current?.Path, cancellationToken);
        var status = evaluation.FinalAction == Verdict.Stop ? "fail" : "pass";
        var result = ResultDocument(evaluation);
        result["image_digest"] = image.Digest;
        result["user_id"] = image.Account;
        result["status"] = status;
        result["created_at"] = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        result["last_modified"] = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var record = new EvaluationRecord(image.Account, image.Digest, fullTag, policy.PolicyId, status, evaluation.FinalAction.ToString().ToLowerInvariant(),
            new JsonObject { ["policy"] = JsonNode.Parse(policy.BundleJson), ["result"] = result }.ToJsonString(), timeProvider.GetUtcNow());
        store.AddEvaluation(record);
        if (previous is not null && previous.FinalAction != record.FinalAction && subscriptions.IsActive(image.Account, fullTag, Subscriptions.PolicyEval))
        {
            RaiseChange(image, fullTag, previous, record);
        }

        return record;
    }

    /// <summary>A stored evaluation whose final action differs from the previous one: <c>policy_eval</c> with both full result documents.</summary>
    private void RaiseChange(ImageRecord image, string fullTag, EvaluationRecord previous, EvaluationRecord current)
    {
        var payload = new JsonObject
        {
            ["subscription_type"] = Subscriptions.PolicyEval,
            ["last_eval"] = JsonNode.Parse(previous.ResultJson)!["result"]?.DeepClone(),
            ["curr_eval"] = JsonNode.Parse(current.ResultJson)!["result"]?.DeepClone(),
        };
        if (image.AnnotationsJson is { } annotations)
        {
            payload["annotations"] = JsonNode.Parse(annotations);
        }

        store.AddEvent(events.TagCheckUpdated(image.Account, EventFactory.PolicyEvaluationUpdated, fullTag, "Policy evaluation result changed for image tag", payload));
        notifier.Notify(image.Account, Subscriptions.PolicyEval, fullTag, payload);
    }

    private static JsonObject ResultDocument(EvaluationReport evaluation)
    {
        using var buffer = new MemoryStream();
        evaluation.WriteAnchoreJson(buffer);
        return JsonNode.Parse(buffer.ToArray())!.AsObject();
    }

    private static CheckEntry Entry(EvaluationRecord evaluation, bool detail) =>
        new(evaluation.PolicyId, evaluation.Status, ImageCatalog.Iso(evaluation.CreatedAt), detail ? JsonNode.Parse(evaluation.ResultJson)! : new JsonObject());

    private static string Normalize(string tag)
    {
        try
        {
            return AnchoreReference.Parse(tag).FullTag;
        }
        catch (Core.InvalidInputException ex)
        {
            throw ApiException.BadRequest(ex.Message);
        }
    }

    private static string? Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
