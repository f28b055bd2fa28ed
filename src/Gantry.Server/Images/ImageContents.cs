using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Engine.Stored;
using Gantry.Server.Analysis;
using Gantry.Server.Api;

namespace Gantry.Server.Images;

/// <summary><c>content</c> and <c>metadata</c> of an analyzed image, read from its stored documents (SERVICE.md §1).</summary>
public sealed class ImageContents(AnalysisStore documents)
{
    public static readonly IReadOnlyList<string> ContentTypes = ["os", "files", "npm", "gem", "python", "java", "binary", "go", "malware"];

    public static readonly IReadOnlyList<string> MetadataTypes = ["manifest", "docker_history", "dockerfile"];

    public JsonNode Content(string digest, string type) => type switch
    {
        "os" => Packages(digest, p => p.Type.IsOsPackage(), OsItem),
        "files" => Files(digest),
        "npm" => Packages(digest, p => p.Type == PackageType.Npm, LanguageItem),
        "gem" => Packages(digest, p => p.Type == PackageType.Gem, LanguageItem),
        "python" => Packages(digest, p => p.Type == PackageType.Python, LanguageItem),
        "java" => Packages(digest, p => p.Type == PackageType.JavaArchive, JavaItem),
        "binary" => Packages(digest, p => p.Type == PackageType.Binary, LanguageItem),
        "go" => Packages(digest, p => p.Type == PackageType.GoModule, LanguageItem),
        "malware" => new JsonArray(),
        "manifest" or "docker_history" or "dockerfile" => JsonValue.Create(Metadata(digest, type)),
        _ => throw ApiException.NotFound($"content type ({type}) not available"),
    };

    /// <summary>A metadata document, base64 as the engine sends it.</summary>
    public string Metadata(string digest, string type) => type switch
    {
        "manifest" => Convert.ToBase64String(documents.LoadManifest(digest)),
        "docker_history" => Convert.ToBase64String(History(documents.LoadSbom(digest))),
        "dockerfile" => Convert.ToBase64String(Encoding.UTF8.GetBytes(StoredImageOperations.GuessDockerfile(documents.LoadSbom(digest)))),
        _ => throw ApiException.NotFound($"content type ({type}) not available"),
    };

    private JsonArray Packages(string digest, Func<Package, bool> wanted, Func<Package, JsonObject> item) =>
        new(documents.LoadSbom(digest).Packages.Where(p => !p.IsRemoved && wanted(p)).Select(p => (JsonNode)item(p)).ToArray());

    private static JsonObject OsItem(Package p) => new()
    {
        ["package"] = p.Name,
        ["version"] = p.Version,
        ["licenses"] = Licenses(p),
        ["license"] = p.Licenses.Count > 0 ? string.Join(' ', p.Licenses) : "Unknown",
        ["type"] = AnchoreTypes.Of(p.Type),
        ["size"] = p.GetMetadata("installedSize") ?? "0",
        ["origin"] = p.GetMetadata("maintainer") ?? p.GetMetadata("origin") ?? "N/A",
        ["sourcepkg"] = p.GetMetadata("sourceName") ?? p.Name,
        ["cpes"] = new JsonArray(p.Cpes.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
    };

    private static JsonObject LanguageItem(Package p) => new()
    {
        ["package"] = p.Name,
        ["version"] = p.Version,
        ["location"] = p.Locations.Count > 0 ? p.Locations[0].Path : "N/A",
        ["origin"] = p.GetMetadata("author") ?? "N/A",
        ["license"] = p.Licenses.Count > 0 ? string.Join(' ', p.Licenses) : "Unknown",
        ["licenses"] = Licenses(p),
        ["type"] = AnchoreTypes.Of(p.Type),
    };

    private static JsonObject JavaItem(Package p) => new()
    {
        ["package"] = p.Name,
        ["specification-version"] = "N/A",
        ["implementation-version"] = p.Version,
        ["maven-version"] = p.Version,
        ["location"] = p.Locations.Count > 0 ? p.Locations[0].Path : "N/A",
        ["origin"] = p.GetMetadata("groupId") ?? "N/A",
        ["type"] = AnchoreTypes.Of(p.Type),
    };

    private static JsonArray Licenses(Package p) =>
        new(p.Licenses.Count > 0 ? p.Licenses.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray() : [JsonValue.Create("Unknown")]);

    private JsonArray Files(string digest)
    {
        return new JsonArray(documents.LoadFiles(digest).Select(n => (JsonNode)new JsonObject
        {
            ["filename"] = n.Path,
            ["size"] = n.Size,
            ["mode"] = n.Mode,
            ["sha256"] = n.Sha256,
            ["type"] = n.Kind switch { "directory" => "dir", "symlink" => "slink", "hardlink" => "hlink", _ => "file" },
            ["uid"] = n.Uid,
            ["gid"] = n.Gid,
            ["linkdest"] = n.LinkTarget,
        }).ToArray());
    }

    private static byte[] History(Sbom sbom)
    {
        var history = new JsonArray(sbom.Source.Config.History.Select(h => (JsonNode)new JsonObject
        {
            ["Created"] = h.Created?.ToString("O", CultureInfo.InvariantCulture),
            ["CreatedBy"] = h.CreatedBy ?? string.Empty,
            ["Comment"] = h.Comment ?? string.Empty,
            ["EmptyLayer"] = h.EmptyLayer,
        }).ToArray());
        return Encoding.UTF8.GetBytes(history.ToJsonString());
    }
}
