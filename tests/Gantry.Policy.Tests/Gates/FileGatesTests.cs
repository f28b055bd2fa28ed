using System.Text;
using Gantry.Policy.Evaluation;
using static Gantry.Policy.Tests.TestInputs;

namespace Gantry.Policy.Tests.Gates;

public class FileGatesTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nftp:x:14:50:FTP User:/var/ftp:/sbin/nologin\n";

    private static readonly Dictionary<string, string> Contents = new()
    {
        ["/app/.env"] = "NODE_ENV=production\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
        ["/etc/httpd.conf"] = "Listen 80\nSSLEnabled on\n",
        ["/etc/passwd"] = Passwd,
    };

    private static PolicyInput FileInput() => WithSecrets(Input(), AwsKeyInEnvFile) with
    {
        Files =
        [
            new FileRecord("/usr/bin/passwd", 0x8000 | 0x800 | 0x1ED, Size: 10),
            new FileRecord("/etc/ssl/private/server.pem", 0x8000 | 0x180, Sha256: "abc", Size: 10),
            new FileRecord("/etc/httpd.conf", 0x8000 | 0x1A4, Sha256: "def", Size: 30),
            new FileRecord("/app/.env", 0x8000 | 0x1A4, Size: 60),
        ],
        ReadFile = path => Contents.TryGetValue(path, out var text) ? Encoding.UTF8.GetBytes(text) : null,
    };

    [Fact]
    public void Should_FireSuid_When_FileHasSetUidBit()
    {
        var row = Assert.Single(Run(FileInput(), "files", "suid_or_guid_set"));

        Assert.Equal("SUID or SGID found set on file /usr/bin/passwd. Mode: 0o104755", row.CheckOutput);
        Assert.Empty(Run(Input(), "files", "suid_or_guid_set"));
    }

    [Fact]
    public void Should_FireNameMatch_When_PathMatchesRegex()
    {
        var row = Assert.Single(Run(FileInput(), "files", "name_match", ("regex", @".*\.pem")));

        Assert.Contains("file=/etc/ssl/private/server.pem", row.CheckOutput, StringComparison.Ordinal);
        Assert.Empty(Run(FileInput(), "files", "name_match", ("regex", @".*\.key")));
    }

    [Fact]
    public void Should_FireAttributeMatch_When_ModeEqualsAndFileMissingIsNotSkipped()
    {
        Assert.Equal("filename=/etc/httpd.conf and mode=0o644 op=equals specified_mode=0o644",
            Assert.Single(Run(FileInput(), "files", "attribute_match", ("filename", "/etc/httpd.conf"), ("mode", "00644"))).CheckOutput);
        Assert.Empty(Run(FileInput(), "files", "attribute_match", ("filename", "/etc/httpd.conf"), ("mode", "00600")));
        Assert.Empty(Run(FileInput(), "files", "attribute_match", ("filename", "/nope")));
        Assert.Equal("filename=/nope and skip_missing=False",
            Assert.Single(Run(FileInput(), "files", "attribute_match", ("filename", "/nope"), ("skip_missing", "false"))).CheckOutput);
    }

    [Fact]
    public void Should_FireContentRegexMatch_When_ContentSearchFindsNamedRule()
    {
        var row = Assert.Single(Run(FileInput(), "files", "content_regex_match", ("regex_name", "AWS_ACCESS_KEY")));

        Assert.StartsWith("File content analyzer found regexp match in container: file=/app/.env regexp=AWS_ACCESS_KEY=", row.CheckOutput, StringComparison.Ordinal);
        Assert.Empty(Run(FileInput(), "files", "content_regex_match", ("regex_name", "PRIV_KEY")));
    }

    [Fact]
    public void Should_Not_Fire_ContentRegexMatch_When_The_Secret_Is_In_The_Config()
    {
        var input = WithSecrets(Input(), AwsKeyInEnvFile with { Source = Gantry.Core.Secrets.SecretSource.Environment, Path = "AWS_ACCESS_KEY_ID", LayerDiffId = null });

        Assert.Empty(Run(input, "files", "content_regex_match"));
        Assert.Single(Run(input, "secret_scans", "content_regex_checks"));
    }

    [Fact]
    public void Should_FirePasswdTriggers_When_EntriesAreDenied()
    {
        var input = FileInput();

        Assert.Equal("Blacklisted user 'ftp' found in image's /etc/passwd: pentry=ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin",
            Assert.Single(Run(input, "passwd_file", "blacklist_usernames", ("user_names", "ftp,games"))).CheckOutput);
        Assert.Single(Run(input, "passwd_file", "blacklist_userids", ("user_ids", "0")));
        Assert.Single(Run(input, "passwd_file", "blacklist_groupids", ("group_ids", "50")));
        Assert.Single(Run(input, "passwd_file", "blacklist_shells", ("shells", "/bin/bash")));
        Assert.Single(Run(input, "passwd_file", "blacklist_full_entry", ("entry", "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin")));
        Assert.Empty(Run(input, "passwd_file", "blacklist_usernames", ("user_names", "games")));
        Assert.Empty(Run(input, "passwd_file", "blacklist_shells", ("shells", "/bin/zsh")));
        Assert.Empty(Run(input, "passwd_file", "content_not_available"));
        Assert.Single(Run(Input(), "passwd_file", "content_not_available"));
    }

    [Fact]
    public void Should_CheckRetrievedFileContent_When_FileIsAvailable()
    {
        var input = FileInput();

        var row = Assert.Single(Run(input, "retrieved_files", "content_regex", ("path", "/etc/httpd.conf"), ("check", "match"), ("regex", "SSL.*")));
        Assert.Equal("rule0+file:///etc/httpd.conf", row.TriggerId);
        Assert.Empty(Run(input, "retrieved_files", "content_regex", ("path", "/etc/httpd.conf"), ("check", "no_match"), ("regex", "SSL.*")));
        Assert.Single(Run(input, "retrieved_files", "content_regex", ("path", "/etc/httpd.conf"), ("check", "no_match"), ("regex", "TLS.*")));
        Assert.Empty(Run(input, "retrieved_files", "content_not_available", ("path", "/etc/httpd.conf")));
        Assert.Single(Run(input, "retrieved_files", "content_not_available", ("path", "/etc/nginx.conf")));
    }
}
