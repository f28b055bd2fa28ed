using System.Text.Json.Nodes;
using Gantry.Engine.Evaluation;
using Gantry.TestKit.Images;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Engine.Tests.Evaluation;

/// <summary>
/// <c>vulnerability_data_unavailable</c> asks whether the database holds the data the image's OS packages are matched
/// against. CentOS reads Red Hat's data (<c>rhel:7</c>) and Debian testing names only its codename (<c>trixie</c> is
/// <c>debian:13</c>): the trigger used to look for <c>centos:7</c> and <c>debian:</c> and fired on databases that had the data.
/// </summary>
public sealed class DistroCoverageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gantry-coverage-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("centos-7", "Red Hat:enterprise_linux:7::server", false)]
    [InlineData("centos-7", "Red Hat:enterprise_linux:8::baseos", true)]
    [InlineData("debian-testing", "Debian:13", false)]
    [InlineData("debian-testing", "Debian:12", true)]
    [InlineData("sles-15.5", "SUSE:Linux Enterprise Module for Basesystem 15 SP5", false)]
    [InlineData("sles-15.5", "SUSE:Linux Enterprise Module for Basesystem 15 SP4", true)]
    [InlineData("ubuntu-22.04", "Ubuntu:22.04:LTS", false)]
    [InlineData("ubuntu-22.04", "Ubuntu:Pro:22.04:LTS", true)]
    [InlineData("wolfi", "Wolfi", false)]
    [InlineData("wolfi", "Chainguard", true)]
    public async Task Should_Fire_Vulnerability_Data_Unavailable_Only_When_The_Database_Lacks_The_Image_Release(
        string image, string osvEcosystem, bool fires)
    {
        var options = new EvaluationOptions { PolicyPath = WriteBundle(), DatabasePath = WriteDatabase(osvEcosystem), DatabaseRequired = true };

        var evaluation = await new ImageEvaluator().EvaluateAsync($"oci-dir:{WriteImage(image)}", options, null, CancellationToken.None);

        Assert.NotEmpty(evaluation.Sbom.Packages);
        Assert.Equal(fires, evaluation.Evaluation.Rows.Any(r => r.Trigger == "vulnerability_data_unavailable"));
        Assert.Equal(fires, evaluation.Notes.Any(n => n.StartsWith("no vulnerability data for", StringComparison.Ordinal)));
        Assert.Equal(fires, Written(evaluation.Report.WriteAnchoreJson).Contains("no vulnerability data for", StringComparison.Ordinal));
        Assert.Equal(fires, Written(s => evaluation.Report.WriteSarif(image, s)).Contains("no vulnerability data for", StringComparison.Ordinal));
    }

    private static string Written(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private string WriteImage(string name)
    {
        var image = new SyntheticImage().Layer(layer =>
        {
            if (name == "sles-15.5")
            {
                // SLE 15 keeps an NDB rpmdb under /usr/lib/sysimage.
                layer.File("usr/lib/os-release", "NAME=\"SLES\"\nVERSION=\"15-SP5\"\nVERSION_ID=\"15.5\"\nPRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP5\"\nID=\"sles\"\nID_LIKE=\"suse\"\n");
                layer.File("usr/lib/sysimage/rpm/Packages.db", RpmDatabaseWriter.Ndb(
                    new RpmPackage("zlib", "1.2.13", "150500.4.3.1", "x86_64", "zlib-1.2.13-150500.4.3.1.src.rpm")));
            }
            else if (name == "ubuntu-22.04")
            {
                layer.File("etc/os-release", "NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n");
                layer.File("var/lib/dpkg/status", "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.11.dfsg-2ubuntu9.2\nDescription: zlib\n\n");
            }
            else if (name == "wolfi")
            {
                layer.File("etc/os-release", "ID=wolfi\nNAME=\"Wolfi\"\nPRETTY_NAME=\"Wolfi\"\nVERSION_ID=\"20230201\"\n");
                layer.File("lib/apk/db/installed", "P:zlib\nV:1.3.1-r0\nA:x86_64\no:zlib\n\n");
            }
            else if (name == "centos-7")
            {
                // CentOS 7 keeps a Berkeley DB rpmdb; the cataloger reads the SQLite one the same way, and a test can write it.
                layer.File("etc/os-release", """
                    NAME="CentOS Linux"
                    VERSION="7 (Core)"
                    ID="centos"
                    ID_LIKE="rhel fedora"
                    VERSION_ID="7"
                    PRETTY_NAME="CentOS Linux 7 (Core)"
                    CPE_NAME="cpe:/o:centos:centos:7"
                    """);
                layer.File("var/lib/rpm/rpmdb.sqlite", RpmDatabaseWriter.Sqlite(
                    new RpmPackage("bash", "4.2.46", "35.el7_9", "x86_64", "bash-4.2.46-35.el7_9.src.rpm")));
            }
            else
            {
                // As debian:testing ships it: a codename and no VERSION_ID.
                layer.File("etc/os-release", """
                    PRETTY_NAME="Debian GNU/Linux trixie/sid"
                    NAME="Debian GNU/Linux"
                    VERSION_CODENAME=trixie
                    ID=debian
                    HOME_URL="https://www.debian.org/"
                    """);
                layer.File("var/lib/dpkg/status", """
                    Package: bash
                    Status: install ok installed
                    Priority: required
                    Section: shells
                    Installed-Size: 7164
                    Maintainer: Matthias Klose <doko@debian.org>
                    Architecture: amd64
                    Version: 5.2.21-2
                    Description: GNU Bourne Again SHell

                    """);
            }
        });
        var folder = Path.Combine(_work, name);
        SyntheticImage.WriteOciLayout(image.Build(), folder);
        return folder;
    }

    /// <summary>A database holding one OSV advisory for <paramref name="osvEcosystem"/>: its namespace is all the trigger asks about.</summary>
    private string WriteDatabase(string osvEcosystem)
    {
        var feed = Path.Combine(_work, "osv.json");
        File.WriteAllText(feed, new JsonObject
        {
            ["schema_version"] = "1.6.0",
            ["id"] = "TEST-2099-0001",
            ["modified"] = "2099-01-01T00:00:00Z",
            ["affected"] = new JsonArray(new JsonObject
            {
                ["package"] = new JsonObject { ["ecosystem"] = osvEcosystem, ["name"] = "zlib" },
                ["ranges"] = new JsonArray(new JsonObject
                {
                    ["type"] = "ECOSYSTEM",
                    ["events"] = new JsonArray(new JsonObject { ["introduced"] = "0" }, new JsonObject { ["fixed"] = "99" }),
                }),
            }),
        }.ToJsonString());
        var path = Path.Combine(_work, DatabasePaths.FileName);
        using var build = DatabaseBuild.Begin(path, startEmpty: true);
        FeedImport.Import(build, "osv-test", FeedFormat.Osv, feed, null, CancellationToken.None);
        build.Commit();
        return path;
    }

    private string WriteBundle()
    {
        var path = Path.Combine(_work, "bundle.json");
        File.WriteAllText(path, new JsonObject
        {
            ["id"] = "coverage",
            ["version"] = "1_0",
            ["name"] = "coverage",
            ["policies"] = new JsonArray(new JsonObject
            {
                ["id"] = "p1", ["version"] = "1_0", ["name"] = "p1",
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["id"] = "r1", ["gate"] = "vulnerabilities", ["trigger"] = "vulnerability_data_unavailable", ["action"] = "STOP", ["params"] = new JsonArray(),
                }),
            }),
            ["whitelists"] = new JsonArray(),
            ["mappings"] = new JsonArray(new JsonObject
            {
                ["id"] = "m1", ["name"] = "all", ["registry"] = "*", ["repository"] = "*",
                ["image"] = new JsonObject { ["type"] = "tag", ["value"] = "*" },
                ["policy_ids"] = new JsonArray("p1"), ["whitelist_ids"] = new JsonArray(),
            }),
        }.ToJsonString());
        return path;
    }
}
