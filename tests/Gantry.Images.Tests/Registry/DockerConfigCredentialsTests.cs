using System.Text;
using Gantry.Images.Registry;
using Gantry.TestKit.Registry;

namespace Gantry.Images.Tests.Registry;

public sealed class DockerConfigCredentialsTests : IDisposable
{
    private readonly string _folder = RegistryImages.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Should_Decode_The_Auth_Entry_When_The_Config_Has_The_Registry()
    {
        var config = WriteConfig(AuthsJson("https://registry.example.com", "robot:s3cr:et"));

        var credential = new DockerConfigCredentials(new RegistryOptions { DockerConfigPath = config }).Find("registry.example.com");

        Assert.Equal(new RegistryCredential("robot", "s3cr:et"), credential);
        Assert.DoesNotContain("s3cr", credential!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Use_The_Historical_Key_When_The_Registry_Is_Docker_Hub()
    {
        var config = WriteConfig(AuthsJson("https://index.docker.io/v1/", "hubuser:hubpass"));

        var credential = new DockerConfigCredentials(new RegistryOptions { DockerConfigPath = config }).Find(ImageReference.DockerHub);

        Assert.Equal("hubuser", credential!.Username);
    }

    [Fact]
    public void Should_Prefer_Explicit_Credentials_When_Both_Are_There()
    {
        var config = WriteConfig(AuthsJson("r.example", "fromfile:x"));
        var options = new RegistryOptions { DockerConfigPath = config, Credential = new RegistryCredential("explicit", "y") };

        Assert.Equal("explicit", new DockerConfigCredentials(options).Find("r.example")!.Username);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Should_Run_The_Credential_Helper_When_CredHelpers_Names_One()
    {
        var helper = Path.Combine(_folder, "docker-credential-gantrytest");
        File.WriteAllText(helper, "#!/bin/sh\nread server\n[ \"$1\" = get ] && [ \"$server\" = helper.example ] && echo '{\"ServerURL\":\"helper.example\",\"Username\":\"fromhelper\",\"Secret\":\"tok\"}' && exit 0\necho 'credentials not found' >&2; exit 1\n");
        File.SetUnixFileMode(helper, (UnixFileMode)0x1ED);
        var config = WriteConfig("""{"credHelpers":{"helper.example":"gantrytest"},"credsStore":"gantrytest"}""");
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", _folder + ":" + path);
        try
        {
            var credentials = new DockerConfigCredentials(new RegistryOptions { DockerConfigPath = config });

            Assert.Equal(new RegistryCredential("fromhelper", "tok"), credentials.Find("helper.example"));
            Assert.Null(credentials.Find("other.example"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    [Fact]
    public void Should_Find_Nothing_When_The_Helper_Is_Not_Installed()
    {
        var config = WriteConfig("""{"credsStore":"not-installed-anywhere"}""");

        Assert.Null(new DockerConfigCredentials(new RegistryOptions { DockerConfigPath = config }).Find("r.example"));
    }

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string AuthsJson(string server, string userAndPassword) =>
        "{\"auths\":{\"" + server + "\":{\"auth\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword)) + "\"}}}";
}
