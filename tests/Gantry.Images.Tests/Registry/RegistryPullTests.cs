using Gantry.Core;
using Gantry.Core.Http;
using Gantry.Images.Registry;
using Gantry.Images.Sources;
using Gantry.TestKit.Images;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Images.Tests.Registry;

[Slow(SlowBecause.Registry)]
[Collection(RegistryCollection.Name)]
public sealed class RegistryPullTests(RegistryFixture registries)
{
    [Fact]
    public async Task Should_Stream_Verified_Layers_When_Pulling_An_Oci_Manifest()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "pull");
        await RegistryImages.PushAsync(image, registry, "pull/oci:1");

        using var pulled = await OpenAsync(registry.Host, "pull/oci:1");
        await ReadAllLayersAsync(pulled);

        Assert.Equal(image.ManifestDigest, pulled.Description.ManifestDigest);
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", pulled.Description.ManifestMediaType);
        Assert.Equal(image.ConfigDigest, pulled.Description.ConfigDigest);
        Assert.Equal(image.Layers.Select(l => l.DiffId), pulled.Layers.Select(l => l.DiffId.ToString()));
        Assert.Equal("registry", pulled.Description.Kind);
    }

    [Fact]
    public async Task Should_Pick_The_Requested_Platform_When_The_Tag_Is_An_Index()
    {
        var registry = await registries.PlainAsync();
        var amd64 = RegistryImages.Small("amd64", "multi");
        var arm64 = RegistryImages.Small("arm64", "multi");
        var layout = RegistryImages.TempFolder();
        RegistryImages.WriteIndexLayout(layout, "multi", amd64, arm64);
        await RegistryImages.SkopeoCopyAsync($"oci:{layout}:multi", registry, "pull/multi:1", all: true);

        using var defaultPlatform = await OpenAsync(registry.Host, "pull/multi:1");
        using var arm = await OpenAsync(registry.Host, "pull/multi:1", ImageSelector.ParsePlatform("linux/arm64"));
        var missing = await Assert.ThrowsAsync<InvalidInputException>(() => OpenAsync(registry.Host, "pull/multi:1", ImageSelector.ParsePlatform("linux/s390x")));

        Assert.Equal(amd64.ManifestDigest, defaultPlatform.Description.ManifestDigest);
        Assert.Equal(arm64.ManifestDigest, arm.Description.ManifestDigest);
        Assert.Equal("arm64", arm.Description.Architecture);
        Assert.Contains("no image for platform linux/s390x", missing.Message, StringComparison.Ordinal);
        Assert.Contains("linux/amd64, linux/arm64", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Pull_With_Basic_Auth_When_Credentials_Are_Right()
    {
        var registry = await registries.BasicAsync();
        var image = RegistryImages.Small(marker: "basic");
        await RegistryImages.PushAsync(image, registry, "auth/basic:1");

        using var pulled = await OpenAsync(registry.Host, "auth/basic:1", credential: new RegistryCredential(LocalRegistry.Username, LocalRegistry.Password));
        await ReadAllLayersAsync(pulled);

        Assert.Equal(image.ManifestDigest, pulled.Description.ManifestDigest);
    }

    [Fact]
    public async Task Should_Fail_As_Environment_Naming_Registry_And_Scope_When_The_Password_Is_Wrong()
    {
        var registry = await registries.BasicAsync();

        var error = await Assert.ThrowsAsync<EnvironmentException>(() =>
            OpenAsync(registry.Host, "auth/basic:1", credential: new RegistryCredential(LocalRegistry.Username, "wrong-secret-value")));

        Assert.Contains(registry.Host, error.Message, StringComparison.Ordinal);
        Assert.Contains("repository:auth/basic:pull", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Ask_For_Credentials_When_Basic_Auth_Is_Required_And_None_Are_Known()
    {
        var registry = await registries.BasicAsync();

        var error = await Assert.ThrowsAsync<EnvironmentException>(() =>
            OpenAsync(registry.Host, "auth/basic:1", dockerConfig: "/nonexistent/config.json"));

        Assert.Contains("no credentials were found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Get_One_Token_Per_Scope_When_The_Registry_Uses_Bearer_Tokens()
    {
        var (registry, issuer) = await registries.TokenAsync();
        var image = RegistryImages.Small(marker: "token");
        await RegistryImages.PushAsync(image, registry, "auth/token:1");
        var before = issuer.RequestCount;

        using var pulled = await OpenAsync(registry.Host, "auth/token:1", credential: new RegistryCredential(LocalRegistry.Username, LocalRegistry.Password));
        await ReadAllLayersAsync(pulled);

        Assert.Equal(image.ManifestDigest, pulled.Description.ManifestDigest);
        Assert.Equal(1, issuer.RequestCount - before);
        Assert.Contains("repository:auth/token:pull", issuer.RequestedScopes[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Fail_As_Environment_When_The_Token_Service_Refuses_The_Password()
    {
        var (registry, _) = await registries.TokenAsync();

        var error = await Assert.ThrowsAsync<EnvironmentException>(() =>
            OpenAsync(registry.Host, "auth/token:1", credential: new RegistryCredential(LocalRegistry.Username, "nope-nope")));

        Assert.Contains("refused the credentials of 'testuser'", error.Message, StringComparison.Ordinal);
        Assert.Contains("repository:auth/token:pull", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nope-nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Fail_As_Environment_When_An_Anonymous_Token_Grants_Nothing()
    {
        var (registry, _) = await registries.TokenAsync();

        var error = await Assert.ThrowsAsync<EnvironmentException>(() => OpenAsync(registry.Host, "auth/token:1", dockerConfig: "/nonexistent/config.json"));

        Assert.Contains($"{registry.Host}: unauthorized for repository:auth/token:pull", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Retry_And_Resume_When_The_Registry_Fails_Transiently()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "faults", extraBytes: 20_000);
        await RegistryImages.PushAsync(image, registry, "faults/retry:1");
        using var proxy = new FaultProxy(registry);
        proxy.FailWith("/manifests/", 500, times: 1);
        proxy.FailWith("/manifests/", 429, times: 1, retryAfterSeconds: 0);
        proxy.FailWith("/blobs/" + image.ConfigDigest, 503, times: 1);
        proxy.DropMidBody("/blobs/" + image.Layers[1].Digest, times: 1);

        using var pulled = await OpenAsync(proxy.Host, "faults/retry:1");
        await ReadAllLayersAsync(pulled);

        Assert.Equal(image.ManifestDigest, pulled.Description.ManifestDigest);
        Assert.Contains(proxy.Requests, r => r.Path.Contains(image.Layers[1].Digest, StringComparison.Ordinal) && r.Range is not null && r.Range.StartsWith("bytes=", StringComparison.Ordinal));
        Assert.Equal(3, proxy.Requests.Count(r => r.Path.Contains("/manifests/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Should_Give_Up_As_Environment_When_Failures_Exceed_The_Retry_Budget()
    {
        var registry = await registries.PlainAsync();
        using var proxy = new FaultProxy(registry);
        proxy.FailWith("/manifests/", 502, times: 100);

        var error = await Assert.ThrowsAsync<EnvironmentException>(() => OpenAsync(proxy.Host, "faults/retry:1", maxRetries: 2));

        Assert.Contains("502", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, proxy.Requests.Count);
    }

    [Fact]
    public async Task Should_Not_Retry_When_The_Registry_Denies_Access()
    {
        var registry = await registries.PlainAsync();
        using var proxy = new FaultProxy(registry);
        proxy.FailWith("/manifests/", 403, times: 100);

        var error = await Assert.ThrowsAsync<EnvironmentException>(() => OpenAsync(proxy.Host, "faults/denied:1"));

        Assert.Contains("access denied for repository:faults/denied:pull", error.Message, StringComparison.Ordinal);
        Assert.Single(proxy.Requests);
    }

    [Fact]
    public async Task Should_Refuse_The_Layer_Naming_Its_Digest_When_A_Byte_Is_Flipped()
    {
        var registry = await registries.PlainAsync();
        // Uncompressed, so the flipped byte lands in file data and only the digest check can catch it.
        var image = RegistryImages.Small(marker: "flip", extraBytes: 20_000, compression: LayerCompression.None);
        var layout = RegistryImages.TempFolder();
        SyntheticImage.WriteOciLayout(image, layout);
        await Copy.ImageCopier.CopyAsync($"oci-dir:{layout}", $"{registry.Host}/faults/flip:1", ImageSelector.Default, Options(registry.Host), CancellationToken.None);
        Directory.Delete(layout, recursive: true);
        using var proxy = new FaultProxy(registry);
        proxy.FlipByte("/blobs/" + image.Layers[1].Digest);

        using var pulled = await OpenAsync(proxy.Host, "faults/flip:1");
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => ReadAllLayersAsync(pulled));

        Assert.Contains(image.Layers[1].Digest, error.Message, StringComparison.Ordinal);
        Assert.Contains("digest mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Refuse_The_Manifest_When_Its_Bytes_Do_Not_Match_The_Digest()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "flipmanifest");
        await RegistryImages.PushAsync(image, registry, "faults/manifest:1");
        using var proxy = new FaultProxy(registry);
        proxy.FlipByte("/manifests/");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => OpenAsync(proxy.Host, "faults/manifest@" + image.ManifestDigest));

        Assert.Contains("manifest digest mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Follow_Link_Pages_When_Listing_Tags()
    {
        // Distribution 2.8 ignores n= for tags; a loopback server pages the way newer registries and Docker Hub do.
        var pages = new Dictionary<string, (string Body, string? Next)>
        {
            [""] = ("""{"name":"app","tags":["a","b"]}""", "</v2/app/tags/list?last=b&n=2>; rel=\"next\""),
            ["b"] = ("""{"name":"app","tags":["c"]}""", null),
        };
        var seen = new List<string?>();
        using var server = new LoopbackServer(context =>
        {
            var last = context.Request.QueryString["last"];
            seen.Add(last);
            var (body, next) = pages[last ?? string.Empty];
            if (next is not null)
            {
                context.Response.AddHeader("Link", next);
            }

            context.Response.ContentType = "application/json";
            context.Response.OutputStream.Write(System.Text.Encoding.UTF8.GetBytes(body));
        });

        var tags = await RegistryTags.ListAsync($"{server.Host}/app", Options(server.Host), CancellationToken.None, pageSize: 2);

        Assert.Equal(["a", "b", "c"], tags);
        Assert.Equal([null, "b"], seen);
    }

    [Fact]
    public async Task Should_List_Every_Tag_When_Asking_A_Real_Registry()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "tags");
        foreach (var tag in (string[])["a", "b", "c"])
        {
            await RegistryImages.PushAsync(image, registry, "tags/list:" + tag);
        }

        var tags = await RegistryTags.ListAsync($"registry:{registry.Host}/tags/list", Options(registry.Host), CancellationToken.None);

        Assert.Equal(["a", "b", "c"], tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Should_Explain_Insecure_Registry_When_TLS_Fails_Against_A_Plain_Http_Registry()
    {
        var registry = await registries.PlainAsync();

        var error = await Assert.ThrowsAsync<EnvironmentException>(() =>
            RegistryImageSource.OpenAsync(SourceSpec.Parse($"registry:{registry.Host}/pull/oci:1"), ImageSelector.Default, new RegistryOptions(), CancellationToken.None));

        Assert.Contains("--insecure-registry " + registry.Host, error.Message, StringComparison.Ordinal);
    }

    internal static RegistryOptions Options(string host, RegistryCredential? credential = null, string? dockerConfig = null, int maxRetries = 5) => new()
    {
        InsecureRegistries = [host],
        Credential = credential,
        DockerConfigPath = dockerConfig ?? "/nonexistent/config.json",
        Retry = new HttpRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10), MaxRetries = maxRetries },
    };

    internal static async Task ReadAllLayersAsync(ContainerImage image)
    {
        foreach (var layer in image.Layers)
        {
            await using var stream = await image.OpenLayerAsync(layer, CancellationToken.None);
            await stream.CompleteAsync(CancellationToken.None);
        }
    }

    private static Task<ContainerImage> OpenAsync(string host, string repository, Oci.OciPlatform? platform = null,
        RegistryCredential? credential = null, string? dockerConfig = null, int maxRetries = 5) =>
        RegistryImageSource.OpenAsync(SourceSpec.Parse($"registry:{host}/{repository}"), new ImageSelector(Platform: platform),
            Options(host, credential, dockerConfig, maxRetries), CancellationToken.None);
}
