using Gantry.Core;
using Gantry.Policy.Evaluation;
using static Gantry.Policy.Tests.TestInputs;

namespace Gantry.Policy.Tests.Gates;

public class PackageGatesTests
{
    private static PolicyInput Packages() => Input(packages:
    [
        Package("openssl", "3.0.11-1~deb12u2", licenses: ["OpenSSL", "Apache-2.0"]),
        Package("bash", "5.2.15-2", licenses: ["GPL-3+"]),
        Package("lodash", "4.17.20", PackageType.Npm, "/app/node_modules/lodash/package.json", "sha256:app", "MIT"),
        Package("rack", "2.2.3", PackageType.Gem, "/usr/lib/ruby/gems/specifications/rack-2.2.3.gemspec", "sha256:app"),
    ]);

    [Fact]
    public void Should_FireRequiredPackage_When_PackageMissingOrBelowMinimum()
    {
        Assert.Equal("Required input package (curl) is not present in container image",
            Assert.Single(Run(Packages(), "packages", "required_package", ("name", "curl"))).CheckOutput);
        Assert.Empty(Run(Packages(), "packages", "required_package", ("name", "bash")));
        Assert.Single(Run(Packages(), "packages", "required_package", ("name", "bash"), ("version", "5.2.16"), ("version_match_type", "minimum")));
        Assert.Empty(Run(Packages(), "packages", "required_package", ("name", "bash"), ("version", "5.1"), ("version_match_type", "minimum")));
        Assert.Single(Run(Packages(), "packages", "required_package", ("name", "bash"), ("version", "5.1")));
    }

    [Fact]
    public void Should_FirePackageBlacklist_When_OsPackageMatches()
    {
        Assert.Equal("Package is blacklisted: openssl", Assert.Single(Run(Packages(), "packages", "blacklist", ("name", "openssl"))).CheckOutput);
        Assert.Empty(Run(Packages(), "packages", "blacklist", ("name", "openssl"), ("version", "1.1.1")));
        Assert.Empty(Run(Packages(), "packages", "blacklist", ("name", "lodash")));
    }

    [Fact]
    public void Should_FireVerify_When_PackageFilesChanged()
    {
        var input = Packages() with
        {
            PackageVerification = [new("bash", "/usr/bin/bash", PackageFileState.Changed), new("openssl", "/etc/ssl/openssl.cnf", PackageFileState.Missing)],
        };

        Assert.Equal(2, Run(input, "packages", "verify").Count);
        Assert.Equal("VERIFY check against package db for package 'bash' failed on entry '/usr/bin/bash' with status: 'changed'",
            Assert.Single(Run(input, "packages", "verify", ("check", "changed"))).CheckOutput);
        Assert.Single(Run(input, "packages", "verify", ("only_directories", "/etc")));
        Assert.Empty(Run(input, "packages", "verify", ("only_packages", "zlib")));
    }

    [Fact]
    public void Should_FireLicenseTriggers_When_LicensesMatch()
    {
        Assert.Equal("LICFULLMATCH Packages are installed that have blacklisted licenses: bash(GPL-3+)",
            Assert.Single(Run(Packages(), "licenses", "blacklist_exact_match", ("licenses", "GPL-3+"))).CheckOutput);
        Assert.Empty(Run(Packages(), "licenses", "blacklist_exact_match", ("licenses", "GPL")));
        Assert.Single(Run(Packages(), "licenses", "blacklist_partial_match", ("licenses", "GPL")));
        Assert.Empty(Run(Packages(), "licenses", "blacklist_partial_match", ("licenses", "BSD")));
    }

    [Fact]
    public void Should_FireNpmAndGemBlacklists_When_NameAndVersionMatch()
    {
        Assert.Equal("NPM Package is blacklisted: lodash-4.17.20",
            Assert.Single(Run(Packages(), "npms", "blacklisted_name_version", ("name", "lodash"), ("version", "4.17.20"))).CheckOutput);
        Assert.Empty(Run(Packages(), "npms", "blacklisted_name_version", ("name", "lodash"), ("version", "4.17.21")));
        Assert.Single(Run(Packages(), "ruby_gems", "blacklist", ("name", "rack")));
        Assert.Empty(Run(Packages(), "ruby_gems", "blacklist", ("name", "rails")));
    }

    [Fact]
    public void Should_FireFeedDataUnavailable_When_EcosystemPackagesArePresent()
    {
        Assert.Single(Run(Packages(), "npms", "feed_data_unavailable"));
        Assert.Empty(Run(Input(), "npms", "feed_data_unavailable"));
        var evaluation = Evaluate(Bundle(("npms", "newer_version_in_feed", "WARN", [])), Packages());
        Assert.Empty(evaluation.Rows);
        Assert.Contains(evaluation.Warnings, w => w.Contains("feed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("layer_count", "=", "2", true)]
    [InlineData("layer_count", ">", "2", false)]
    [InlineData("size", ">", "1kb", true)]
    [InlineData("size", ">", "1mb", false)]
    [InlineData("distro", "=", "debian", true)]
    [InlineData("distro_version", "in", "11,12", true)]
    [InlineData("architecture", "not_in", "amd64,arm64", false)]
    [InlineData("os_type", "like", "lin.*", true)]
    [InlineData("like_distro", "exists", null, true)]
    public void Should_CheckMetadataAttribute_When_ConditionEvaluated(string attribute, string check, string? value, bool fires)
    {
        var parameters = new List<(string, string)> { ("attribute", attribute), ("check", check) };
        if (value is not null)
        {
            parameters.Add(("value", value));
        }

        Assert.Equal(fires ? 1 : 0, Run(Packages(), "metadata", "attribute", [.. parameters]).Count);
    }
}
