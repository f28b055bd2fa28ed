using Gantry.Cataloging.Relationships;
using Gantry.Core;

namespace Gantry.Cataloging.Tests.Relationships;

public sealed class OwnershipByFileOverlapTests
{
    [Fact]
    public void Should_LinkAcrossMergedUsr_When_DebListsTheUnmergedPath()
    {
        var deb = Package(PackageType.Deb, "busybox", "/var/lib/dpkg/status", files: ["/bin/busybox"]);
        var binary = Package(PackageType.Binary, "busybox", "/usr/bin/busybox");
        var unrelated = Package(PackageType.Binary, "python", "/usr/local/bin/python3.12");

        var relationships = OwnershipByFileOverlap.Find([deb, binary, unrelated]);

        Assert.Equal([new Relationship(deb.Id, binary.Id, Relationship.OwnershipByFileOverlap)], relationships);
    }

    [Fact]
    public void Should_LinkOnceAcrossMergedUsr_When_OwnerListsTheUsrPathOfManyFiles()
    {
        var deb = Package(PackageType.Deb, "python3-yaml", "/var/lib/dpkg/status",
            files: ["/usr/lib/python3/dist-packages/yaml/__init__.py", "/usr/lib/python3/dist-packages/yaml/cyaml.py", "/usr/sbin/tool"]);
        var rpm = Package(PackageType.Rpm, "tool", "/var/lib/rpm/rpmdb.sqlite", files: ["/sbin/tool"]);
        var module = Package(PackageType.Python, "PyYAML", "/lib/python3/dist-packages/PyYAML.dist-info/METADATA",
            files: ["/lib/python3/dist-packages/yaml/__init__.py", "/lib/python3/dist-packages/yaml/cyaml.py"]);
        var binary = Package(PackageType.Binary, "tool", "/sbin/tool");

        var relationships = OwnershipByFileOverlap.Find([module, binary, deb, rpm]);

        Assert.Equal(
            [
                new Relationship(deb.Id, binary.Id, Relationship.OwnershipByFileOverlap),
                new Relationship(deb.Id, module.Id, Relationship.OwnershipByFileOverlap),
                new Relationship(rpm.Id, binary.Id, Relationship.OwnershipByFileOverlap),
            ],
            relationships);
    }

    [Fact]
    public void Should_NotLinkOsPackagesToEachOther_When_TheyShareFiles()
    {
        var a = Package(PackageType.Deb, "a", "/var/lib/dpkg/status", files: ["/usr/share/doc/x"]);
        var b = Package(PackageType.Rpm, "b", "/var/lib/rpm/rpmdb.sqlite", files: ["/usr/share/doc/x"]);

        Assert.Empty(OwnershipByFileOverlap.Find([a, b]));
    }

    private static Package Package(PackageType type, string name, string location, IReadOnlyList<string>? files = null) => new()
    {
        Name = name,
        Version = "1.0",
        Type = type,
        FoundBy = "test",
        Locations = [new Location(location, string.Empty)],
        Files = files ?? [],
    };
}
