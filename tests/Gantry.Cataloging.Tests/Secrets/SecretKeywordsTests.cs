using System.Text;
using System.Text.RegularExpressions;
using Gantry.Cataloging.Secrets;
using Gantry.Core.Secrets;

namespace Gantry.Cataloging.Tests.Secrets;

public class SecretKeywordsTests
{
    // Characters whose lower case is special (Kelvin sign, dotted I, Greek sigma), a pair of surrogates (Deseret), and
    // bytes that are not UTF-8: the search in chunks must agree with lowering the whole decoded text.
    private static readonly string[] Pieces = ["api", "API", "Api", "\u212Aey", "\u0130", "\u03A3", "\U00010400", "\uFFFD", "x", "\n", "é"];

    [Fact]
    public void Should_AgreeWithLoweringTheWholeText_When_TextIsLongAndMixed()
    {
        var rules = new[] { Rule("api"), Rule("key"), Rule("\U00010428"), Rule("i\u0307"), Rule("σ") };
        var keywords = new SecretKeywords(rules);
        var random = new Random(16);
        for (var round = 0; round < 200; round++)
        {
            var text = new StringBuilder();
            while (text.Length < random.Next(1, 9000))
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (round % 3 == 0)
            {
                bytes[random.Next(bytes.Length)] = 0xC3;
            }

            var decoded = Encoding.UTF8.GetString(bytes);
            var lowered = decoded.ToLowerInvariant();
            foreach (var rule in rules)
            {
                var expected = lowered.Contains(rule.Keywords[0], StringComparison.Ordinal);
                Assert.Equal(expected, keywords.Find(bytes).Admits(rule));
                Assert.Equal(expected, keywords.Find(decoded).Admits(rule));
            }
        }
    }

    [Theory]
    [InlineData(4090)]
    [InlineData(4094)]
    [InlineData(4095)]
    [InlineData(4096)]
    public void Should_FindKeyword_When_ItCrossesAChunkBoundary(int at)
    {
        var keywords = new SecretKeywords([Rule("aws_secret_access_key")]);
        var text = new string('x', at) + "AWS_SECRET_ACCESS_KEY" + new string('x', 5000);

        Assert.True(keywords.Find(Encoding.UTF8.GetBytes(text)).Admits(Rule("aws_secret_access_key")));
        Assert.True(keywords.Find(text).Admits(Rule("aws_secret_access_key")));
        Assert.False(keywords.Find(text.Replace("ACCESS", "ACCES", StringComparison.Ordinal)).Admits(Rule("aws_secret_access_key")));
    }

    [Fact]
    public void Should_AdmitRule_When_ItHasNoKeywords()
    {
        var rule = new SecretRule { Id = "any", Regex = new Regex("x", RegexOptions.None, TimeSpan.FromSeconds(1)) };

        Assert.True(new SecretKeywords([rule, Rule("api")]).Find(""u8).Admits(rule));
        Assert.False(new SecretKeywords([rule, Rule("api")]).Find(""u8).Admits(Rule("api")));
    }

    private static SecretRule Rule(string keyword) =>
        new() { Id = keyword, Regex = new Regex("x", RegexOptions.None, TimeSpan.FromSeconds(1)), Keywords = [keyword] };
}
