using System.Text;
using System.Text.Json.Nodes;
using Gantry.Signing.Tuf;

namespace Gantry.Signing.Tests.Tuf;

/// <summary>docker/go's canonical JSON, checked against the <c>signed</c> text of real notary files and against its rules one by one.</summary>
public sealed class CanonicalJsonTests
{
    public static TheoryData<string> Roles => new(NotaryTestData.Roles);

    private static string Encode(string json) => Encoding.UTF8.GetString(CanonicalJson.Encode(JsonNode.Parse(json)));

    [Theory]
    [MemberData(nameof(Roles))]
    public void Should_Reproduce_The_Signed_Text_Byte_For_Byte_When_Encoding_A_Real_Notary_File(string role)
    {
        // Given
        var bytes = NotaryTestData.Bytes(role);
        var file = SignedMetadata.Parse(bytes, role);

        // When
        var encoded = CanonicalJson.Encode(file.Signed);

        // Then
        Assert.Equal(Encoding.UTF8.GetString(NotaryTestData.SignedText(bytes)), Encoding.UTF8.GetString(encoded));
    }

    [Fact]
    public void Should_Sort_Keys_By_Their_Utf8_Bytes_When_Encoding_An_Object()
    {
        // Given: U+FF5E sorts after U+1F600 in UTF-16 (a surrogate D83D), but before it in UTF-8 (EF… < F0…)
        var json = "{\"b\":1,\"a\":2,\"\\uD83D\\uDE00\":3,\"\\uFF5E\":4,\"Z\":5,\"aa\":6,\"\":7}";

        // When
        var encoded = Encode(json);

        // Then
        Assert.Equal("{\"\":7,\"Z\":5,\"a\":2,\"aa\":6,\"b\":1,\"\uFF5E\":4,\"\U0001F600\":3}", encoded);
    }

    [Fact]
    public void Should_Sort_Nested_Objects_And_Keep_Array_Order_When_Encoding()
    {
        // Given
        var json = "{ \"z\" : [ 3, {\"y\":true, \"x\":null}, \"s\" ], \"a\" : { \"d\":false, \"c\":[] } }";

        // When
        var encoded = Encode(json);

        // Then
        Assert.Equal("{\"a\":{\"c\":[],\"d\":false},\"z\":[3,{\"x\":null,\"y\":true},\"s\"]}", encoded);
    }

    [Fact]
    public void Should_Escape_Only_Quote_And_Backslash_When_Encoding_A_String()
    {
        // Given: a quote, a backslash, control characters, HTML characters and non-ASCII text
        var node = JsonValue.Create("a\"b\\c\n\t\u0001<>&é\u2028");

        // When
        var encoded = CanonicalJson.Encode(node);

        // Then: every other byte is written raw, as UTF-8
        byte[] expected = [(byte)'"', (byte)'a', (byte)'\\', (byte)'"', (byte)'b', (byte)'\\', (byte)'\\', (byte)'c', 0x0a, 0x09, 0x01, (byte)'<', (byte)'>', (byte)'&',
            0xc3, 0xa9, 0xe2, 0x80, 0xa8, (byte)'"'];
        Assert.Equal(expected, encoded);
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("-2.00", "-2")]
    [InlineData("1e2", "100")]
    [InlineData("0", "0")]
    [InlineData("-7", "-7")]
    [InlineData("2147483648", "2147483648")]
    public void Should_Write_An_Integer_When_A_Number_Has_No_Fraction(string number, string expected)
    {
        // Given
        var json = $"{{\"n\":{number}}}";

        // When
        var encoded = Encode(json);

        // Then
        Assert.Equal($"{{\"n\":{expected}}}", encoded);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e-3")]
    [InlineData("-0.25")]
    public void Should_Refuse_The_Number_When_It_Is_Not_An_Integer(string number)
    {
        // Given
        var node = JsonNode.Parse($"{{\"version\":{number}}}");

        // When
        var ex = Assert.Throws<TufFormatException>(() => CanonicalJson.Encode(node));

        // Then
        Assert.Contains("integers only", ex.Message);
        Assert.Contains(number, ex.Message);
    }

    [Fact]
    public void Should_Write_Literals_Without_Whitespace_When_Encoding_Null_True_And_False()
    {
        // Given
        var json = "[ null , true , false , \"\" , { } , [ ] ]";

        // When
        var encoded = Encode(json);

        // Then
        Assert.Equal("[null,true,false,\"\",{},[]]", encoded);
        Assert.Equal("null", Encoding.ASCII.GetString(CanonicalJson.Encode(null)));
    }
}
