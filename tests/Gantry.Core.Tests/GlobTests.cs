namespace Gantry.Core.Tests;

public sealed class GlobTests
{
    [Theory]
    [InlineData("**/node_modules/**/package.json", "/app/node_modules/lodash/package.json", true)]
    [InlineData("**/node_modules/**/package.json", "/app/node_modules/package.json", true)]
    [InlineData("**/node_modules/**/package.json", "/app/node_modules/lodash/package.jsonx", false)]
    [InlineData("**/*.jar", "/opt/app/lib/a.jar", true)]
    [InlineData("**/*.jar", "/opt/app/lib/a.jar.sha1", false)]
    [InlineData("**/bin/*", "/usr/bin/ls", true)]
    [InlineData("**/bin/*", "/usr/bin/x/ls", false)]
    [InlineData("/var/lib/dpkg/status", "/var/lib/dpkg/status", true)]
    [InlineData("/var/lib/dpkg/status", "/x/var/lib/dpkg/status", false)]
    [InlineData("/var/lib/dpkg/status.d/*", "/var/lib/dpkg/status.d/base", true)]
    [InlineData("**/libcrypto.so*", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3", true)]
    [InlineData("/usr/**/x", "/usr/x", true)]
    [InlineData("/usr/**/x", "/usr/lib/x", true)]
    [InlineData("/usr/**/x", "/usr/lib/a/b/x", true)]
    [InlineData("/usr/**/x", "/usrx", false)]
    [InlineData("/usr/**/x", "/usr/lib/xx", false)]
    [InlineData("**/x", "/x", true)]
    [InlineData("/usr/**", "/usr/lib/a/b", true)]
    [InlineData("/usr/**", "/usrlib", false)]
    [InlineData("/usr/lib**", "/usr/libssl", true)]
    [InlineData("/usr/lib**", "/usr/lib/ssl", false)]
    [InlineData("/usr/*/x", "/usr/x", false)]
    [InlineData("/usr/?/x", "/usr/a/x", true)]
    [InlineData("/usr/?/x", "/usr/ab/x", false)]
    [InlineData("/a+b(c)/[x].txt", "/a+b(c)/[x].txt", true)]
    public void Should_Match_Paths_Like_Shell_Globs_With_Double_Star(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, Glob.Get(pattern).IsMatch(path));
        Assert.Equal(expected, System.Text.RegularExpressions.Regex.IsMatch(path, Glob.ToRegex(pattern)));
    }

    [Fact]
    public async Task Should_Match_A_Hostile_Long_Path_In_Linear_Time()
    {
        var path = "/" + string.Concat(Enumerable.Repeat("a/", 50_000)) + "b";
        var glob = Glob.Get("**/a/**/a/**/a/**/c");

        var matched = await Task.Run(() => glob.IsMatch(path)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(matched);
    }

    [Fact]
    public async Task Should_Match_In_Linear_Time_When_A_Pattern_Has_Many_Wildcards()
    {
        var path = "/" + new string('a', 1000);
        var glob = new Glob("/*a*a*a*a*a*a*a*a*b*");

        var matched = await Task.Run(() => glob.IsMatch(path)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(matched);
    }
}
