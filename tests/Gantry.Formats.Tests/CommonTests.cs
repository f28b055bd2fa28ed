using Gantry.Formats.Common;

namespace Gantry.Formats.Tests;

public class LicenseTermTests
{
    [Theory]
    [InlineData("MIT", LicenseTermKind.Id, "MIT")]
    [InlineData("apache-2.0", LicenseTermKind.Id, "Apache-2.0")]
    [InlineData("MIT or apache-2.0", LicenseTermKind.Expression, "MIT OR Apache-2.0")]
    [InlineData("(GPL-2.0-only WITH Classpath-exception-2.0) AND BSD-3-Clause", LicenseTermKind.Expression, "(GPL-2.0-only WITH Classpath-exception-2.0) AND BSD-3-Clause")]
    [InlineData("LicenseRef-Proprietary", LicenseTermKind.Expression, "LicenseRef-Proprietary")]
    [InlineData("GPL-2+", LicenseTermKind.Name, "GPL-2+")]
    [InlineData("MIT AND", LicenseTermKind.Name, "MIT AND")]
    [InlineData("(MIT", LicenseTermKind.Name, "(MIT")]
    [InlineData("BSD-like license", LicenseTermKind.Name, "BSD-like license")]
    public void Should_ClassifyLicense_When_GivenDeclaredString(string license, LicenseTermKind kind, string value)
    {
        Assert.Equal(new LicenseTerm(kind, value), LicenseTerm.Classify(license));
    }
}

public class DeterministicUuidTests
{
    [Theory]
    [InlineData("https://example.com/", "dd2c1780-811a-5296-81c5-178a0ef488bc")]
    [InlineData("sha256:abababababababababababababababababababababababababababababababab", "9cee660b-b2ca-516a-b8b5-88e6d2e104a0")]
    public void Should_MatchPythonUuid5_When_NamingUrl(string name, string expected)
    {
        // Expected values from Python's uuid.uuid5(uuid.NAMESPACE_URL, name).
        Assert.Equal(Guid.Parse(expected), DeterministicUuid.Create(name));
    }
}

public class SchemaValidatorTests
{
    [Fact]
    public async Task Should_ReportErrors_When_CycloneDxLicenseIdIsNotOnSpdxList()
    {
        // The license id enum lives in spdx.schema.json beside the CycloneDX schema: this proves the local $ref resolves.
        const string json = """
            { "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
              "components": [ { "type": "library", "name": "x", "licenses": [ { "license": { "id": "GPL-2+" } } ] } ] }
            """;

        var errors = await Gantry.TestKit.Schemas.SchemaValidator.ValidateAsync(json, Gantry.TestKit.Schemas.SchemaValidator.CycloneDx16);

        Assert.NotEmpty(errors);
    }
}
