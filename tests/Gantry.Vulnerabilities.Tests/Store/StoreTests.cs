using Gantry.Core;
using Gantry.TestKit.Feeds;
using Gantry.Core.Cvss;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Tests.Store;

public class StoreTests
{
    [Theory]
    [InlineData("PyPI", "Django_REST.framework", "django-rest-framework")]
    [InlineData("npm", "@Babel/Core", "@babel/core")]
    [InlineData("crates.io", "Serde_JSON", "serde-json")]
    [InlineData("Go", "github.com/BurntSushi/toml", "github.com/BurntSushi/toml")]
    [InlineData("debian:12", "libssl3", "libssl3")]
    public void Should_Normalize_Names_Per_Ecosystem(string @namespace, string name, string expected) =>
        Assert.Equal(expected, PackageNames.Normalize(@namespace, name));

    [Theory]
    [InlineData("Debian:12", "debian:12")]
    [InlineData("Alpine:v3.16", "alpine:3.16")]
    [InlineData("Ubuntu:22.04:LTS", "ubuntu:22.04")]
    [InlineData("Ubuntu:Pro:18.04:LTS", "ubuntu:pro-18.04")]
    [InlineData("Red Hat:enterprise_linux:9::appstream", "rhel:9")]
    [InlineData("Ubuntu:24.10", "ubuntu:24.10")]
    [InlineData("Red Hat:rhel_eus:9.4::baseos", "rhel:9")]
    [InlineData("Red Hat:enterprise_linux:10.2", "rhel:10")]
    [InlineData("Red Hat:openshift:4.14::el9", "redhat-openshift:4.14")]
    [InlineData("Rocky Linux:9", "rocky:9")]
    [InlineData("AlmaLinux:8", "almalinux:8")]
    [InlineData("SUSE:Linux Enterprise Server 15 SP5", "sles:15.5")]
    [InlineData("SUSE:Linux Enterprise Module for Basesystem 15 SP5", "sles:15.5")]
    [InlineData("SUSE:Linux Enterprise Module for Python 3 15 SP5", "sles:15.5")]
    [InlineData("SUSE:Linux Enterprise Server for SAP Applications 15 SP5", "sles:15.5")]
    [InlineData("SUSE:Linux Enterprise Server 15 SP4-LTSS", "sles:15.4")]
    [InlineData("SUSE:Linux Enterprise Server 12 SP5", "sles:12.5")]
    [InlineData("SUSE:Linux Enterprise Server 15", "sles:15")]
    [InlineData("SUSE:Linux Enterprise Micro 5.5", "sle-micro:5.5")]
    [InlineData("SUSE:Manager Server 4.3", "suse:manager-server-4.3")]
    [InlineData("openSUSE:Leap 15.5", "opensuse-leap:15.5")]
    [InlineData("openSUSE:Leap Micro 5.5", "opensuse-leap-micro:5.5")]
    [InlineData("openSUSE:Tumbleweed", "opensuse-tumbleweed")]
    [InlineData("Wolfi", "wolfi")]
    [InlineData("Chainguard", "chainguard")]
    [InlineData("PyPI", "PyPI")]
    [InlineData("crates.io", "crates.io")]
    public void Should_Map_Osv_Ecosystems_To_Namespaces(string ecosystem, string expected) =>
        Assert.Equal(expected, Namespaces.FromOsvEcosystem(ecosystem));

    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4)]
    [InlineData("CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.8)]
    [InlineData("AV:N/AC:M/Au:N/C:C/I:C/A:C", 9.3)]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:N/A:N", 5.0)]
    public void Should_Compute_The_Base_Score_Of_A_Vector(string vector, double expected) =>
        Assert.Equal(expected, CvssCalculator.FromVector(vector, null).BaseScore);

    [Fact]
    public void Should_Leave_The_Live_File_Untouched_When_A_Build_Is_Abandoned()
    {
        using var db = new TestDatabase();
        db.Import("osv-go", FeedFormat.Osv, FeedCorpus.Path("osv-go", "GO-2020-0001.json"));
        var before = File.ReadAllBytes(db.Path);

        using (var build = DatabaseBuild.Begin(db.Path))
        {
            FeedImport.Import(build, "osv-pypi", FeedFormat.Osv, FeedCorpus.Path("osv-pypi", "django"), null, default);
        }

        Assert.Equal(before, File.ReadAllBytes(db.Path));
        Assert.Equal([DatabasePaths.FileName, DatabasePaths.FileName + ".lock"], Directory.GetFiles(db.Folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Should_Refuse_A_Second_Build_When_One_Holds_The_Lock()
    {
        using var db = new TestDatabase();
        using var first = DatabaseBuild.Begin(db.Path);

        var error = Assert.Throws<EnvironmentException>(() => DatabaseBuild.Begin(db.Path));

        Assert.Contains("another gantry is updating it", error.Message);
    }

    [Fact]
    public void Should_Refuse_A_Database_From_A_Newer_Gantry()
    {
        using var db = new TestDatabase();
        db.Import("osv-go", FeedFormat.Osv, FeedCorpus.Path("osv-go", "GO-2020-0001.json"));
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<EnvironmentException>(() => SqliteVulnerabilityStore.Open(db.Path));

        Assert.Contains("schema version 99 is newer", error.Message);
    }

    [Fact]
    public void Should_Refuse_A_Schema_2_Database_And_Reimport_Its_Osv_Sources_On_The_Next_Build()
    {
        using var db = new TestDatabase();
        db.Import("osv-go", FeedFormat.Osv, FeedCorpus.Path("osv-go", "GO-2020-0001.json"));
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            // What a schema 2 file looks like to this Gantry: its OSV rows were written without Go imports.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 2; UPDATE sources SET checksum = 'sha256:old'";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<EnvironmentException>(() => SqliteVulnerabilityStore.Open(db.Path));
        using var build = DatabaseBuild.Begin(db.Path);

        Assert.Contains("schema version 2 is older than 3; run 'gantry db update' to rebuild it", error.Message);
        Assert.Null(Assert.Single(build.Sources).Checksum);
    }

    [Fact]
    public void Should_Say_How_To_Get_A_Database_When_None_Exists()
    {
        var error = Assert.Throws<EnvironmentException>(() => SqliteVulnerabilityStore.Open("/nonexistent/vulnerability.db"));

        Assert.Contains("gantry db update", error.Message);
    }
}
