using System.Text.Json.Nodes;
using Gantry.Server.Tests.Support;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Server.Tests;

/// <summary><c>POST|PUT /registries</c> log in to the registry before storing credentials, as Anchore does, unless <c>validate=false</c>.</summary>
[Collection(RegistryCollection.Name)]
[Slow(SlowBecause.Registry)]
public sealed class RegistryValidationTests(RegistryFixture registries)
{
    private const string WrongPassword = "not-the-password";

    [Fact]
    public async Task Should_Refuse_Credentials_The_Registry_Rejects_With_406_And_Store_Nothing()
    {
        var registry = await registries.BasicAsync();
        await using var service = await InProcessService.StartAsync();
        using var client = service.Client();

        var (status, error) = await client.PostAsync("registries", Body(registry.Host, WrongPassword));
        var (unreachable, _) = await client.PostAsync("registries?validate=True", Body("127.0.0.1:1", LocalRegistry.Password));
        var (notAHost, _) = await client.PostAsync("registries", Body("not a host", LocalRegistry.Password));

        Assert.Equal(406, status);
        Assert.Equal(406, error!["httpcode"]!.GetValue<int>());
        Assert.StartsWith("cannot ping supplied registry with supplied credentials - exception: ", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(error["detail"]!["error_codes"]!.AsArray());
        Assert.DoesNotContain(WrongPassword, error.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal((406, 406), (unreachable, notAHost));
        Assert.Empty((await client.GetAsync("registries")).Body!.AsArray());
    }

    [Fact]
    public async Task Should_Store_Credentials_The_Registry_Accepts_And_Skip_The_Login_When_Validate_Is_False()
    {
        var registry = await registries.BasicAsync();
        await using var service = await InProcessService.StartAsync();
        using var client = service.Client();
        var encoded = Uri.EscapeDataString(registry.Host);

        var (accepted, added) = await client.PostAsync("registries", Body(registry.Host, LocalRegistry.Password));
        var (badUpdate, _) = await client.SendAsync(HttpMethod.Put, $"registries/{encoded}", Body(registry.Host, WrongPassword));
        var (unvalidatedUpdate, _) = await client.SendAsync(HttpMethod.Put, $"registries/{encoded}?validate=False", Body(registry.Host, WrongPassword));
        var (unvalidatedAdd, _) = await client.PostAsync("registries?validate=false", Body("127.0.0.1:1", WrongPassword));

        Assert.Equal(200, accepted);
        Assert.Equal(registry.Host, added![0]!["registry"]!.GetValue<string>());
        Assert.Equal(406, badUpdate);
        Assert.Equal(200, unvalidatedUpdate);
        Assert.Equal(200, unvalidatedAdd);
        Assert.Equal(2, (await client.GetAsync("registries")).Body!.AsArray().Count);
    }

    /// <summary>The body anchore-cli sends for <c>registry add HOST testuser PASS --insecure</c> (plain HTTP).</summary>
    private static string Body(string host, string password) => new JsonObject
    {
        ["registry"] = host, ["registry_user"] = LocalRegistry.Username, ["registry_pass"] = password,
        ["registry_type"] = "docker_v2", ["registry_verify"] = false, ["registry_name"] = host,
    }.ToJsonString();
}
