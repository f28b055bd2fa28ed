namespace Gantry.Core.Tests;

public sealed class PurlTests
{
    [Theory]
    [InlineData("deb", "debian", "bash", "5.2.15-2+b2", "pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64&distro=debian-12")]
    [InlineData("deb", "debian", "zlib1g", "1:1.2.13.dfsg-1", "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12")]
    public void Should_Encode_Like_The_Purl_Spec(string type, string ns, string name, string version, string expected)
    {
        var purl = new Purl(type, ns, name, version, new Dictionary<string, string> { ["distro"] = "debian-12", ["arch"] = "amd64" });

        Assert.Equal(expected, purl.ToString());
    }

    [Fact]
    public void Should_Encode_Scoped_Npm_Names_And_Round_Trip()
    {
        var purl = new Purl("npm", "@babel", "core", "7.0.0");

        Assert.Equal("pkg:npm/%40babel/core@7.0.0", purl.ToString());
        var parsed = Purl.Parse(purl.ToString());
        Assert.Equal(("npm", "@babel", "core", "7.0.0"), (parsed.Type, parsed.Namespace, parsed.Name, parsed.Version));
    }

    [Theory]
    [InlineData("")]
    [InlineData("npm/lodash@1")]
    [InlineData("pkg:")]
    [InlineData("pkg:npm")]
    [InlineData("pkg:npm/")]
    public void Should_Reject_Strings_That_Are_Not_Purls(string value) => Assert.False(Purl.TryParse(value, out _));
}

public sealed class DigestTests
{
    [Fact]
    public void Should_Parse_Sha256_And_Give_The_Short_Form()
    {
        var digest = Digest.Parse("sha256:" + new string('a', 64));

        Assert.Equal("sha256", digest.Algorithm);
        Assert.Equal("aaaaaaaaaaaa", digest.Short);
        Assert.Equal(Digest.Sha256("abc"u8), Digest.Parse("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("md5:" + "00000000000000000000000000000000")]
    [InlineData("sha256:ZZ00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256:")]
    [InlineData("")]
    public void Should_Reject_Malformed_Digests(string value) => Assert.False(Digest.TryParse(value, out _));
}
