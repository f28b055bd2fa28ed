using Gantry.Cataloging.Cpe;

namespace Gantry.Cataloging.Tests;

public sealed class CpeGeneratorTests
{
    [Theory]
    [InlineData("PyYAML", "pyyaml", "6.0", "cpe:2.3:a:pyyaml:pyyaml:6.0:*:*:*:*:*:*:*")]
    [InlineData("node.js", "node.js", "20.1.0", "cpe:2.3:a:node.js:node.js:20.1.0:*:*:*:*:*:*:*")]
    [InlineData("gantry test", "a:b", "1.0+dfsg~1", @"cpe:2.3:a:gantry_test:a\:b:1.0\+dfsg\~1:*:*:*:*:*:*:*")]
    public void Should_LowerCaseAndQuote_When_BuildingFormattedString(string vendor, string product, string version, string expected) =>
        Assert.Equal(expected, CpeGenerator.Create(vendor, product, version));

    [Fact]
    public void Should_DropBlankAndDuplicatePairs_When_ListingCandidates() =>
        Assert.Equal(["cpe:2.3:a:x:x:1:*:*:*:*:*:*:*"], CpeGenerator.Candidates("1", ("x", "x"), (null, "x"), ("X", "X")));
}
