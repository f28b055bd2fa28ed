using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Gantry.Server.Api;

// The JSON shapes of Anchore Engine's external API (SERVICE.md §1), field names exactly as the clients read them.

public sealed record ErrorBody(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("httpcode")] int HttpCode,
    [property: JsonPropertyName("detail")] JsonObject Detail);

public sealed record ImageAddRequest
{
    [JsonPropertyName("tag")] public string? Tag { get; init; }

    [JsonPropertyName("digest")] public string? Digest { get; init; }

    [JsonPropertyName("dockerfile")] public string? Dockerfile { get; init; }

    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("source")] public JsonObject? Source { get; init; }

    [JsonPropertyName("created_at")] public string? CreatedAt { get; init; }
}

public sealed record ImageResponse
{
    [JsonPropertyName("imageDigest")] public required string ImageDigest { get; init; }

    [JsonPropertyName("parentDigest")] public string? ParentDigest { get; init; }

    [JsonPropertyName("userId")] public required string UserId { get; init; }

    [JsonPropertyName("image_type")] public string ImageType { get; init; } = "docker";

    [JsonPropertyName("image_status")] public required string ImageStatus { get; init; }

    [JsonPropertyName("analysis_status")] public required string AnalysisStatus { get; init; }

    [JsonPropertyName("analyzed_at")] public string? AnalyzedAt { get; init; }

    [JsonPropertyName("created_at")] public required string CreatedAt { get; init; }

    [JsonPropertyName("last_updated")] public required string LastUpdated { get; init; }

    [JsonPropertyName("annotations")] public JsonElement? Annotations { get; init; }

    [JsonPropertyName("record_version")] public int RecordVersion { get; init; }

    [JsonPropertyName("image_content")] public required ImageContent ImageContent { get; init; }

    [JsonPropertyName("image_detail")] public required IReadOnlyList<ImageDetail> ImageDetail { get; init; }
}

public sealed record ImageContent([property: JsonPropertyName("metadata")] ImageContentMetadata Metadata);

public sealed record ImageContentMetadata(
    [property: JsonPropertyName("arch")] string? Arch,
    [property: JsonPropertyName("distro")] string? Distro,
    [property: JsonPropertyName("distro_version")] string? DistroVersion,
    [property: JsonPropertyName("dockerfile_mode")] string? DockerfileMode,
    [property: JsonPropertyName("image_size")] long? ImageSize,
    [property: JsonPropertyName("layer_count")] int? LayerCount);

public sealed record ImageDetail
{
    [JsonPropertyName("registry")] public required string Registry { get; init; }

    [JsonPropertyName("repo")] public required string Repo { get; init; }

    [JsonPropertyName("tag")] public required string Tag { get; init; }

    [JsonPropertyName("fulltag")] public required string FullTag { get; init; }

    [JsonPropertyName("digest")] public required string Digest { get; init; }

    [JsonPropertyName("fulldigest")] public required string FullDigest { get; init; }

    [JsonPropertyName("imageId")] public required string ImageId { get; init; }

    [JsonPropertyName("imageDigest")] public required string ImageDigest { get; init; }

    [JsonPropertyName("userId")] public required string UserId { get; init; }

    [JsonPropertyName("dockerfile")] public string? Dockerfile { get; init; }

    [JsonPropertyName("created_at")] public required string CreatedAt { get; init; }

    [JsonPropertyName("last_updated")] public required string LastUpdated { get; init; }

    [JsonPropertyName("tag_detected_at")] public required string TagDetectedAt { get; init; }
}

public sealed record ImageDeleteResponse(
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("detail")] string? Detail);

public sealed record ContentResponse(
    [property: JsonPropertyName("imageDigest")] string ImageDigest,
    [property: JsonPropertyName("content_type")] string ContentType,
    [property: JsonPropertyName("content")] JsonNode Content);

public sealed record MetadataResponse(
    [property: JsonPropertyName("imageDigest")] string ImageDigest,
    [property: JsonPropertyName("metadata_type")] string MetadataType,
    [property: JsonPropertyName("metadata")] string Metadata);

public sealed record VulnerabilityResponse(
    [property: JsonPropertyName("imageDigest")] string ImageDigest,
    [property: JsonPropertyName("vulnerability_type")] string VulnerabilityType,
    [property: JsonPropertyName("vulnerabilities")] IReadOnlyList<VulnerabilityItem> Vulnerabilities);

/// <summary>One vulnerability of a package (SERVICE.md §1.3): missing strings are the literal <c>"None"</c>.</summary>
public sealed record VulnerabilityItem
{
    [JsonPropertyName("vuln")] public required string Vuln { get; init; }

    [JsonPropertyName("severity")] public required string Severity { get; init; }

    [JsonPropertyName("package")] public required string Package { get; init; }

    [JsonPropertyName("package_name")] public required string PackageName { get; init; }

    [JsonPropertyName("package_version")] public required string PackageVersion { get; init; }

    [JsonPropertyName("package_type")] public required string PackageType { get; init; }

    [JsonPropertyName("package_path")] public required string PackagePath { get; init; }

    [JsonPropertyName("package_cpe")] public required string PackageCpe { get; init; }

    [JsonPropertyName("package_cpe23")] public required string PackageCpe23 { get; init; }

    [JsonPropertyName("fix")] public required string Fix { get; init; }

    [JsonPropertyName("url")] public required string Url { get; init; }

    [JsonPropertyName("feed")] public required string Feed { get; init; }

    [JsonPropertyName("feed_group")] public required string FeedGroup { get; init; }

    [JsonPropertyName("nvd_data")] public required IReadOnlyList<NvdData> NvdData { get; init; }

    [JsonPropertyName("vendor_data")] public IReadOnlyList<NvdData> VendorData { get; init; } = [];

    [JsonPropertyName("will_not_fix")] public bool WillNotFix { get; init; }
}

public sealed record NvdData(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("cvss_v2")] CvssData CvssV2,
    [property: JsonPropertyName("cvss_v3")] CvssData CvssV3);

public sealed record CvssData(
    [property: JsonPropertyName("base_score")] double BaseScore,
    [property: JsonPropertyName("exploitability_score")] double ExploitabilityScore,
    [property: JsonPropertyName("impact_score")] double ImpactScore);

/// <summary>One stored evaluation in the check response (SERVICE.md §1.2).</summary>
public sealed record CheckEntry(
    [property: JsonPropertyName("policyId")] string PolicyId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("last_evaluation")] string LastEvaluation,
    [property: JsonPropertyName("detail")] JsonNode Detail);

public sealed record PolicyResponse
{
    [JsonPropertyName("policyId")] public required string PolicyId { get; init; }

    [JsonPropertyName("active")] public bool Active { get; init; }

    [JsonPropertyName("policy_source")] public string PolicySource { get; init; } = "local";

    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("description")] public string? Description { get; init; }

    [JsonPropertyName("userId")] public required string UserId { get; init; }

    [JsonPropertyName("created_at")] public required string CreatedAt { get; init; }

    [JsonPropertyName("last_updated")] public required string LastUpdated { get; init; }

    [JsonPropertyName("policybundle")] public required JsonNode PolicyBundle { get; init; }
}

/// <summary>The PUT body of a policy: the record the client fetched, with <c>active</c> changed.</summary>
public sealed record PolicyUpdateRequest
{
    [JsonPropertyName("policyId")] public string? PolicyId { get; init; }

    [JsonPropertyName("active")] public bool? Active { get; init; }

    [JsonPropertyName("policybundle")] public JsonObject? PolicyBundle { get; init; }
}

public sealed record RegistryRequest
{
    [JsonPropertyName("registry")] public string? Registry { get; init; }

    [JsonPropertyName("registry_user")] public string? User { get; init; }

    [JsonPropertyName("registry_pass")] public string? Password { get; init; }

    [JsonPropertyName("registry_type")] public string? Type { get; init; }

    [JsonPropertyName("registry_verify")] public bool? Verify { get; init; }

    [JsonPropertyName("registry_name")] public string? Name { get; init; }
}

public sealed record RegistryResponse(
    [property: JsonPropertyName("registry")] string Registry,
    [property: JsonPropertyName("registry_name")] string Name,
    [property: JsonPropertyName("registry_user")] string User,
    [property: JsonPropertyName("registry_type")] string Type,
    [property: JsonPropertyName("registry_verify")] bool Verify,
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("last_updated")] string LastUpdated);

public sealed record SubscriptionRequest
{
    [JsonPropertyName("subscription_key")] public string? Key { get; init; }

    [JsonPropertyName("subscription_type")] public string? Type { get; init; }

    [JsonPropertyName("subscription_value")] public string? Value { get; init; }

    [JsonPropertyName("active")] public bool? Active { get; init; }
}

public sealed record SubscriptionResponse(
    [property: JsonPropertyName("subscription_id")] string Id,
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("subscription_type")] string Type,
    [property: JsonPropertyName("subscription_key")] string Key,
    [property: JsonPropertyName("subscription_value")] string? Value,
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    [property: JsonPropertyName("last_updated")] long LastUpdated);

public sealed record EventPage(
    [property: JsonPropertyName("results")] IReadOnlyList<EventResponse> Results,
    [property: JsonPropertyName("next_page")] bool NextPage,
    [property: JsonPropertyName("item_count")] int ItemCount,
    [property: JsonPropertyName("page")] int Page);

public sealed record EventResponse(
    [property: JsonPropertyName("generated_uuid")] string GeneratedUuid,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("event")] EventBody Event);

public sealed record EventBody(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details")] JsonNode? Details,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("resource")] EventResource Resource,
    [property: JsonPropertyName("source")] EventSourceBody Source);

public sealed record EventResource(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id")] string Id);

public sealed record EventSourceBody(
    [property: JsonPropertyName("servicename")] string ServiceName,
    [property: JsonPropertyName("hostid")] string HostId,
    [property: JsonPropertyName("base_url")] string BaseUrl,
    [property: JsonPropertyName("request_id")] string? RequestId);

public sealed record AccountRequest
{
    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("email")] public string? Email { get; init; }

    [JsonPropertyName("state")] public string? State { get; init; }
}

public sealed record AccountResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("last_updated")] string LastUpdated);

public sealed record AccountStateResponse([property: JsonPropertyName("state")] string State);

public sealed record UserRequest
{
    [JsonPropertyName("username")] public string? Username { get; init; }

    [JsonPropertyName("password")] public string? Password { get; init; }
}

public sealed record CredentialRequest
{
    [JsonPropertyName("type")] public string? Type { get; init; }

    [JsonPropertyName("value")] public string? Value { get; init; }
}

public sealed record UserResponse(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("last_updated")] string LastUpdated);

public sealed record ServiceStatus(
    [property: JsonPropertyName("servicename")] string ServiceName,
    [property: JsonPropertyName("hostid")] string HostId,
    [property: JsonPropertyName("base_url")] string BaseUrl,
    [property: JsonPropertyName("status")] bool Status,
    [property: JsonPropertyName("status_message")] string StatusMessage,
    [property: JsonPropertyName("service_detail")] ServiceDetail ServiceDetail);

public sealed record ServiceDetail(
    [property: JsonPropertyName("up")] bool Up,
    [property: JsonPropertyName("available")] bool Available,
    [property: JsonPropertyName("busy")] bool Busy,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("detail")] JsonObject Detail,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("db_version")] string DbVersion);

public sealed record SystemStatus([property: JsonPropertyName("service_states")] IReadOnlyList<ServiceStatus> ServiceStates);

public sealed record FeedResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("last_full_sync")] string? LastFullSync,
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("updated_at")] string? UpdatedAt,
    [property: JsonPropertyName("groups")] IReadOnlyList<FeedGroup> Groups);

public sealed record FeedGroup(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("last_sync")] string? LastSync,
    [property: JsonPropertyName("record_count")] long RecordCount);

public sealed record FeedSyncResult(
    [property: JsonPropertyName("feed")] string Feed,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("total_time_seconds")] double TotalTimeSeconds,
    [property: JsonPropertyName("groups")] IReadOnlyList<FeedGroupSyncResult> Groups);

public sealed record FeedGroupSyncResult(
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("updated_record_count")] long UpdatedRecordCount,
    [property: JsonPropertyName("total_time_seconds")] double TotalTimeSeconds,
    [property: JsonPropertyName("updated_image_count")] int UpdatedImageCount);

public sealed record VersionResponse(
    [property: JsonPropertyName("service")] VersionEntry Service,
    [property: JsonPropertyName("api")] VersionEntry Api,
    [property: JsonPropertyName("db")] DbVersionEntry Db);

public sealed record VersionEntry([property: JsonPropertyName("version")] string Version);

public sealed record DbVersionEntry([property: JsonPropertyName("schema_version")] string SchemaVersion);

public sealed record TagSummary(
    [property: JsonPropertyName("imageDigest")] string ImageDigest,
    [property: JsonPropertyName("imageId")] string ImageId,
    [property: JsonPropertyName("fulltag")] string FullTag,
    [property: JsonPropertyName("analysis_status")] string AnalysisStatus,
    [property: JsonPropertyName("image_status")] string ImageStatus,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    [property: JsonPropertyName("analyzed_at")] long? AnalyzedAt,
    [property: JsonPropertyName("tag_detected_at")] long TagDetectedAt,
    [property: JsonPropertyName("parentDigest")] string? ParentDigest);

public sealed record QueryImage(
    [property: JsonPropertyName("imageDigest")] string ImageDigest,
    [property: JsonPropertyName("imageId")] string ImageId,
    [property: JsonPropertyName("analyzed_at")] string? AnalyzedAt,
    [property: JsonPropertyName("tag_history")] IReadOnlyList<QueryTag> TagHistory);

public sealed record QueryTag(
    [property: JsonPropertyName("registry")] string Registry,
    [property: JsonPropertyName("repo")] string Repo,
    [property: JsonPropertyName("tag")] string Tag,
    [property: JsonPropertyName("fulltag")] string FullTag,
    [property: JsonPropertyName("tag_detected_at")] string TagDetectedAt);

public sealed record QueryPackage(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("namespace")] string? Namespace,
    [property: JsonPropertyName("severity")] string? Severity);

public sealed record QueryImageResult(
    [property: JsonPropertyName("image")] QueryImage Image,
    [property: JsonPropertyName("vulnerable_packages")] IReadOnlyList<QueryPackage>? VulnerablePackages,
    [property: JsonPropertyName("packages")] IReadOnlyList<QueryPackage>? Packages);

public sealed record QueryImagesPage(
    [property: JsonPropertyName("images")] IReadOnlyList<QueryImageResult> Images,
    [property: JsonPropertyName("page")] string Page,
    [property: JsonPropertyName("returned_count")] int ReturnedCount,
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("next_page"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextPage);

/// <summary>What <c>POST /system/webhooks/{type}/test</c> did: the one attempt's outcome (a test is not queued or retried).</summary>
public sealed record WebhookTestResponse(
    [property: JsonPropertyName("webhook_type")] string WebhookType,
    [property: JsonPropertyName("notification_type")] string NotificationType,
    [property: JsonPropertyName("notification_id")] string NotificationId,
    [property: JsonPropertyName("delivered")] bool Delivered,
    [property: JsonPropertyName("status_code")] int? StatusCode,
    [property: JsonPropertyName("detail")] string Detail);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ImageAddRequest))]
[JsonSerializable(typeof(List<ImageResponse>))]
[JsonSerializable(typeof(ImageDeleteResponse))]
[JsonSerializable(typeof(List<ImageDeleteResponse>))]
[JsonSerializable(typeof(ContentResponse))]
[JsonSerializable(typeof(MetadataResponse))]
[JsonSerializable(typeof(VulnerabilityResponse))]
[JsonSerializable(typeof(List<VulnerabilityItem>))]
[JsonSerializable(typeof(List<Dictionary<string, Dictionary<string, List<CheckEntry>>>>))]
[JsonSerializable(typeof(PolicyResponse))]
[JsonSerializable(typeof(List<PolicyResponse>))]
[JsonSerializable(typeof(PolicyUpdateRequest))]
[JsonSerializable(typeof(RegistryRequest))]
[JsonSerializable(typeof(List<RegistryResponse>))]
[JsonSerializable(typeof(SubscriptionRequest))]
[JsonSerializable(typeof(List<SubscriptionResponse>))]
[JsonSerializable(typeof(EventPage))]
[JsonSerializable(typeof(EventResponse))]
[JsonSerializable(typeof(AccountRequest))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(List<AccountResponse>))]
[JsonSerializable(typeof(AccountStateResponse))]
[JsonSerializable(typeof(UserRequest))]
[JsonSerializable(typeof(CredentialRequest))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(List<UserResponse>))]
[JsonSerializable(typeof(SystemStatus))]
[JsonSerializable(typeof(List<ServiceStatus>))]
[JsonSerializable(typeof(ServiceDetail))]
[JsonSerializable(typeof(List<FeedResponse>))]
[JsonSerializable(typeof(List<FeedSyncResult>))]
[JsonSerializable(typeof(WebhookTestResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(List<TagSummary>))]
[JsonSerializable(typeof(QueryImagesPage))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
