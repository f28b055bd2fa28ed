using Gantry.Server.Tests.Support;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Server.Tests;

/// <summary>Images of a plain local registry through the in-process service: isolation between accounts, sharing of analyses, the size limit.</summary>
[Collection(RegistryCollection.Name)]
[Slow(SlowBecause.Registry)]
public sealed class RegistryImageTests(RegistryFixture registries)
{
    [Fact]
    public async Task Should_Give_Each_Account_Its_Own_Record_Of_One_Shared_Analysis()
    {
        var registry = await registries.PlainAsync();
        await RegistryImages.PushAsync(RegistryImages.Small(marker: "shared"), registry, "shared/app:1");
        var tag = $"{registry.Host}/shared/app:1";
        await using var service = await InProcessService.StartAsync(c => c with { InsecureRegistries = [registry.Host] });
        using var admin = service.Client();
        Assert.Equal(200, (await admin.PostAsync("accounts", "{\"name\": \"other\"}")).Status);
        Assert.Equal(200, (await admin.PostAsync("accounts/other/users", "{\"username\": \"other-user\", \"password\": \"pw\"}")).Status);
        using var other = service.Client("other-user", "pw");

        var (_, added) = await admin.PostAsync("images", $"{{\"tag\": \"{tag}\"}}");
        var digest = added![0]!["imageDigest"]!.GetValue<string>();
        await admin.WaitForAnalysisAsync(digest, TimeSpan.FromMinutes(3));

        Assert.Equal(404, (await other.GetAsync($"images/{digest}")).Status);
        Assert.Equal(404, (await other.GetAsync($"images?fulltag={tag}")).Status);
        Assert.Empty((await other.GetAsync("images")).Body!.AsArray());
        using var adminAsOther = service.Client(account: "other");
        Assert.Empty((await adminAsOther.GetAsync("images")).Body!.AsArray());

        var (_, otherAdd) = await other.PostAsync("images", $"{{\"tag\": \"{tag}\"}}");
        Assert.Equal("analyzed", otherAdd![0]!["analysis_status"]!.GetValue<string>());
        Assert.Equal(digest, (await adminAsOther.GetAsync("images")).Body![0]!["imageDigest"]!.GetValue<string>());
        var (_, events) = await other.GetAsync("events?event_type=user.image.analysis.*");
        Assert.Equal("user.image.analysis.completed", events!["results"]!.AsArray().Single()!["event"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_Refuse_An_Image_Over_The_Compressed_Size_Limit_With_Both_Sizes()
    {
        var registry = await registries.PlainAsync();
        await RegistryImages.PushAsync(RegistryImages.Small(marker: "big", extraBytes: 3 * 1024 * 1024), registry, "big/app:1");
        await using var service = await InProcessService.StartAsync(c => c with { InsecureRegistries = [registry.Host], MaxCompressedImageSizeMb = 1 });
        using var client = service.Client();

        var (status, error) = await client.PostAsync("images", $"{{\"tag\": \"{registry.Host}/big/app:1\"}}");

        Assert.Equal(400, status);
        Assert.Equal("Image size is too large based on max size specified in the configuration", error!["message"]!.GetValue<string>());
        Assert.True(error["detail"]!["requested_image_compressed_size_mb"]!.GetValue<double>() > 1);
        Assert.Equal(1, error["detail"]!["max_compressed_image_size_mb"]!.GetValue<long>());
        Assert.Empty((await client.GetAsync("images")).Body!.AsArray());
    }
}
