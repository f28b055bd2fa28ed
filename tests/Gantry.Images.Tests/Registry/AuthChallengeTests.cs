using Gantry.Images.Registry;

namespace Gantry.Images.Tests.Registry;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Should_Read_Realm_Service_And_Scope_When_Bearer_Challenge()
    {
        var challenge = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"");

        Assert.NotNull(challenge);
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/alpine:pull", challenge.Scope);
    }

    [Fact]
    public void Should_Keep_Commas_And_Escaped_Quotes_When_Inside_Quoted_Values()
    {
        var challenge = AuthChallenge.Parse("Bearer realm=\"http://x/t\",scope=\"repository:a:pull,push repository:b:pull\",error=\"say \\\"no\\\"\"");

        Assert.Equal("repository:a:pull,push repository:b:pull", challenge!.Scope);
        Assert.Equal("say \"no\"", challenge.Parameters["error"]);
    }

    [Fact]
    public void Should_Recognize_Basic_When_Challenge_Has_Only_A_Realm()
    {
        var challenge = AuthChallenge.Parse("Basic realm=\"basic-realm\"");

        Assert.True(challenge!.IsBasic);
        Assert.Equal("basic-realm", challenge.Realm);
    }
}
