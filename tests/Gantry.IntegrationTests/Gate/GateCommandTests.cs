using System.Security.Cryptography;
using System.Text.Json;
using Gantry.Core;
using Gantry.Images.Registry;
using Gantry.IntegrationTests.Registry;
using Gantry.Signing.Cosign;
using Gantry.Signing.Payload;
using Gantry.TestKit;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.IntegrationTests.Gate;

/// <summary><c>gantry gate</c> end to end against a real distribution registry: promote, sign, trust the base, stop and push nothing.</summary>
[Slow(SlowBecause.Registry)]
[Collection(RegistryCollection.Name)]
public sealed class GateCommandTests(RegistryFixture registries) : IDisposable
{
    private readonly GateScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public async Task Should_Promote_An_App_When_Its_Base_Was_Gated_And_Signed_By_A_Trusted_Key()
    {
        var registry = await registries.PlainAsync();
        var trustedKeys = Path.Combine(_scenario.Folder, "trusted");
        var release = _scenario.KeyPair("release", trustedKeys);
        var baseImage = GateScenario.BaseImage();

        var promotedBase = await CliHarness.RunAsync("gate", _scenario.Layout(baseImage), "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/trusted/base:1", "--key", release.PrivateKey, "--insecure-registry", registry.Host);
        var app = GateScenario.AppOn(baseImage, $"{registry.Host}/trusted/base:1");
        var report = Path.Combine(_scenario.Folder, "reports", "app.json");
        var promotedApp = await CliHarness.RunAsync("gate", _scenario.Layout(app), "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/apps/web:2", "--key", release.PrivateKey, "--trusted-keys", trustedKeys,
            "--report", report, "--report-format", "junit", "--report-format", "sarif", "--insecure-registry", registry.Host);

        Assert.True(promotedBase.ExitCode == 0, promotedBase.Stderr);
        Assert.Equal($"{registry.Host}/trusted/base@{baseImage.ManifestDigest}", promotedBase.Stdout.Trim());
        Assert.True(promotedApp.ExitCode == 0, promotedApp.Stderr);
        Assert.Equal($"{registry.Host}/apps/web@{app.ManifestDigest}", promotedApp.Stdout.Trim());
        Assert.True(promotedApp.Stderr.Contains($"base image {registry.Host}/trusted/base:1@{baseImage.ManifestDigest}: signature verified with release.pub", StringComparison.Ordinal), promotedApp.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        var root = json.RootElement;
        Assert.Equal("GO", root.GetProperty("decision").GetString());
        Assert.Equal(app.ManifestDigest, root.GetProperty("pushedDigest").GetString());
        Assert.True(root.GetProperty("signatureVerified").GetBoolean());
        Assert.True(root.GetProperty("baseImage").GetProperty("signatureVerified").GetBoolean());
        Assert.Equal(0, root.GetProperty("findings").GetProperty("total").GetInt32());
        Assert.True(File.Exists(Path.Combine(_scenario.Folder, "reports", "app.junit.xml")));
        Assert.True(File.Exists(Path.Combine(_scenario.Folder, "reports", "app.sarif")));
        Assert.Equal(["2", SignatureManifest.TagFor(Digest.Parse(app.ManifestDigest))], (await GateScenario.TagsAsync(registry, "apps/web")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Should_Stop_The_Same_App_And_Push_Nothing_When_Its_Base_Is_Unsigned()
    {
        var registry = await registries.PlainAsync();
        var trustedKeys = Path.Combine(_scenario.Folder, "trusted");
        var release = _scenario.KeyPair("release", trustedKeys);
        var baseImage = GateScenario.BaseImage();
        Assert.Equal(0, (await CliHarness.RunAsync("copy", _scenario.Layout(baseImage), $"{registry.Host}/untrusted/base:1", "--insecure-registry", registry.Host)).ExitCode);
        var app = GateScenario.AppOn(baseImage, $"{registry.Host}/untrusted/base:1");
        var report = Path.Combine(_scenario.Folder, "stopped.json");

        var result = await CliHarness.RunAsync("gate", _scenario.Layout(app), "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/apps/unsigned-base:1", "--key", release.PrivateKey, "--trusted-keys", trustedKeys,
            "--report", report, "--insecure-registry", registry.Host);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("signature did not verify with a trusted key", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was pushed", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await GateScenario.TagsAsync(registry, "apps/unsigned-base"));
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.Equal("STOP", json.RootElement.GetProperty("decision").GetString());
        Assert.False(json.RootElement.GetProperty("baseImage").GetProperty("signatureVerified").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("pushed").ValueKind);
    }

    [Fact]
    public async Task Should_Trust_The_Base_Named_By_The_Base_Flag_Over_The_Annotations()
    {
        var registry = await registries.PlainAsync();
        var trustedKeys = Path.Combine(_scenario.Folder, "trusted");
        var release = _scenario.KeyPair("release", trustedKeys);
        var baseImage = GateScenario.BaseImage();
        var promoted = await CliHarness.RunAsync("gate", _scenario.Layout(baseImage), "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/trusted/flagged:1", "--key", release.PrivateKey, "--insecure-registry", registry.Host);
        Assert.True(promoted.ExitCode == 0, promoted.Stderr);
        var app = GateScenario.AppOn(baseImage, $"{registry.Host}/nowhere/base:1");

        var result = await CliHarness.RunAsync("gate", _scenario.Layout(app), "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/apps/flagged:1", "--trusted-keys", trustedKeys, "--base", promoted.Stdout.Trim(),
            "--insecure-registry", registry.Host);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal($"{registry.Host}/apps/flagged@{app.ManifestDigest}", result.Stdout.Trim());
        Assert.Equal(["1"], await GateScenario.TagsAsync(registry, "apps/flagged"));
    }

    [Fact]
    public async Task Should_Stop_An_Image_Exposing_Port_22_With_The_Default_Bundle_And_Leave_The_Destination_Empty()
    {
        var registry = await registries.PlainAsync();
        var release = _scenario.KeyPair("release");

        var result = await CliHarness.RunAsync("gate", _scenario.Layout(GateScenario.SshServer()), "--policy", GateScenario.DefaultBundle, "--no-db",
            "--push", $"{registry.Host}/trusted/ssh:1", "--key", release.PrivateKey, "--insecure-registry", registry.Host);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("dockerfile/exposed_ports", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("22", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await GateScenario.TagsAsync(registry, "trusted/ssh"));
    }

    [Fact]
    public async Task Should_Verify_The_Promoted_Image_Until_Its_Signature_Is_Replaced_By_One_From_Another_Key()
    {
        var registry = await registries.PlainAsync();
        var release = _scenario.KeyPair("release");
        var baseImage = GateScenario.BaseImage();
        var gate = await CliHarness.RunAsync("gate", _scenario.Layout(baseImage), "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/trusted/replaced:1", "--key", release.PrivateKey, "--insecure-registry", registry.Host);
        Assert.True(gate.ExitCode == 0, gate.Stderr);
        var pushed = gate.Stdout.Trim();

        var before = await CliHarness.RunAsync("verify", pushed, "--key", release.PublicKey, "--insecure-registry", registry.Host);
        await ReplaceSignatureAsync(registry, "trusted/replaced", Digest.Parse(baseImage.ManifestDigest));
        var after = await CliHarness.RunAsync("verify", pushed, "--key", release.PublicKey, "--insecure-registry", registry.Host);

        Assert.True(before.ExitCode == 0, before.Stderr);
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("verification failed", after.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Exit_2_Before_Reading_The_Image_When_The_Trusted_Keys_Folder_Has_No_Key()
    {
        var registry = await registries.PlainAsync();
        var empty = Directory.CreateDirectory(Path.Combine(_scenario.Folder, "no-keys")).FullName;

        var result = await CliHarness.RunAsync("gate", "oci-dir:/nonexistent", "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/trusted/none:1", "--trusted-keys", empty);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--trusted-keys {empty}: holds no *.pub key", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Overwrites the <c>.sig</c> tag with a manifest whose only signature is from a key nobody trusts.</summary>
    private static async Task ReplaceSignatureAsync(LocalRegistry registry, string repository, Digest digest)
    {
        using var rogue = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = SimpleSigningPayload.Create($"{registry.Host}/{repository}", digest, null);
        var manifest = SignatureManifest.Empty.Append(payload, PayloadSignature.Sign(rogue, payload));
        using var artifacts = new RegistryArtifacts(new RegistryOptions { InsecureRegistries = [registry.Host] });
        await artifacts.PushManifestAsync(ImageReference.Parse($"{registry.Host}/{repository}"), SignatureManifest.TagFor(digest),
            manifest.ManifestBytes, SignatureManifest.MediaType, manifest.Blobs, CancellationToken.None);
    }
}
