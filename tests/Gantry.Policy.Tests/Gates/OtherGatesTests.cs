using Gantry.Core;
using Gantry.Policy.Evaluation;
using static Gantry.Policy.Tests.TestInputs;

namespace Gantry.Policy.Tests.Gates;

public class OtherGatesTests
{
    [Fact]
    public void Should_AlwaysFireWithFixedId_When_AlwaysRule()
    {
        var row = Assert.Single(Run(Input(), "always", "always"));

        Assert.Equal("always", row.TriggerId);
    }

    [Fact]
    public void Should_FireScanNotRun_When_NoMalwareScanner()
    {
        Assert.Single(Run(Input(), "malware", "scan_not_run"));
        var scanned = Input() with { Malware = new MalwareScan("clamav", [new MalwareFinding("/tmp/eicar.com", "Eicar-Signature")]) };
        Assert.Empty(Run(scanned, "malware", "scan_not_run"));
        Assert.Equal("clamav+Eicar-Signature+dd9c841d399dc578c5050f10504edf3d", Assert.Single(Run(scanned, "malware", "scans")).TriggerId);
        Assert.Empty(Run(Input(), "malware", "scans"));
    }

    [Fact]
    public void Should_FireSecretScans_When_SecretFound()
    {
        var input = WithSecrets(Input(), AwsKeyInEnvFile);

        Assert.Single(Run(input, "secret_scans", "content_regex_checks"));
        Assert.Single(Run(input, "secret_scans", "content_regex_checks", ("content_regex_name", "AWS_ACCESS_KEY"), ("filename_regex", "/app/.*")));
        Assert.Empty(Run(input, "secret_scans", "content_regex_checks", ("content_regex_name", "PRIV_KEY")));
        Assert.Empty(Run(input, "secret_scans", "content_regex_checks", ("filename_regex", "/etc/.*")));
        Assert.Single(Run(Input(), "secret_scans", "content_regex_checks", ("match_type", "notfound")));
        Assert.Empty(Run(input, "secret_scans", "content_regex_checks", ("match_type", "notfound")));
    }

    [Fact]
    public void Should_CheckBaseImage_When_FactsKnown()
    {
        var input = Input() with
        {
            BaseImage = new BaseImageFacts { Reference = "docker.io/library/debian:12", Digest = "sha256:1111", SignatureVerified = false },
        };

        Assert.Empty(Run(input, "base_image", "name_not_allowed", ("name_regex", "library/(debian|alpine)")));
        Assert.Single(Run(input, "base_image", "name_not_allowed", ("name_regex", "library/alpine")));
        Assert.Single(Run(input, "base_image", "name_not_allowed", ("name_regex", "library/debian"), ("registry_regex", @"ghcr\.io")));
        Assert.Empty(Run(input, "base_image", "digest_not_allowed", ("digests", "sha256:0000,sha256:1111")));
        Assert.Single(Run(input, "base_image", "digest_not_allowed", ("digests", "sha256:0000")));
        Assert.Contains("did not verify", Assert.Single(Run(input, "base_image", "signature_not_verified")).CheckOutput, StringComparison.Ordinal);
        Assert.Empty(Run(input with { BaseImage = input.BaseImage! with { SignatureVerified = true } }, "base_image", "signature_not_verified"));
        Assert.Empty(Run(input, "base_image", "unknown"));
        Assert.Single(Run(Input(), "base_image", "unknown"));
    }

    [Fact]
    public void Should_ReportPackageChanges_When_ReferenceImageGiven()
    {
        var input = Input(packages: [Package("openssl", "3.0.13"), Package("curl", "8.0"), Package("lodash", "4.17.21", PackageType.Npm)]) with
        {
            Reference = new ReferenceImage("app:1.0", [Package("openssl", "3.0.11"), Package("wget", "1.21"), Package("lodash", "4.17.21", PackageType.Npm)]),
        };

        Assert.Equal("Package curl-8.0 (deb) added since the reference image", Assert.Single(Run(input, "image_diff", "packages_added")).CheckOutput);
        Assert.Equal("Package wget-1.21 (deb) removed since the reference image", Assert.Single(Run(input, "image_diff", "packages_removed")).CheckOutput);
        Assert.Equal("Package openssl (deb) changed from 3.0.11 to 3.0.13 since the reference image", Assert.Single(Run(input, "image_diff", "packages_modified")).CheckOutput);
        Assert.Empty(Run(input, "image_diff", "packages_added", ("package_type", "npm")));
        Assert.Empty(Run(Input(), "image_diff", "packages_added"));
    }

    [Fact]
    public void Should_EvaluateLegacyGateToNothingWithWarning_When_BundleUsesOne()
    {
        var bundle = Gantry.Policy.Bundles.BundleLoader.Parse("""
            {"id":"b","version":"1_0","policies":[{"id":"p","version":"1_0","rules":[{"gate":"ANCHORESEC","trigger":"VULNHIGH","action":"STOP","params":[]}]}],
             "mappings":[{"registry":"*","repository":"*","image":{"type":"tag","value":"*"},"policy_id":"p"}]}
            """).Bundle!;

        var evaluation = Evaluate(bundle, Input());

        Assert.Empty(evaluation.Rows);
        Assert.Equal(GateAction.Go, evaluation.FinalAction);
        Assert.Contains(evaluation.Warnings, w => w.Contains("end-of-life", StringComparison.Ordinal));
    }
}
