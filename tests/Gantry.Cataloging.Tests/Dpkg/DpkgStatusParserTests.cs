using System.Text;
using Gantry.Cataloging.Dpkg;

namespace Gantry.Cataloging.Tests.Dpkg;

public sealed class DpkgStatusParserTests
{
    [Fact]
    public void Should_ReadKeptFields_When_ParagraphsHaveOthersAndContinuations()
    {
        var status = """
            Package: libc6
            Status: install ok installed
            Priority: optional
            Installed-Size: 12985
            Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
            Architecture: amd64
            Multi-Arch: same
            Source: glibc
            Version: 2.36-9+deb12u4
            Conffiles:
             /etc/ld.so.conf.d/x86_64-linux-gnu.conf d4e7a7b88a71b5ffd9e2644e71a0cfab
            Description: GNU C Library: Shared libraries
             Contains the standard libraries that are used by nearly all programs on
             the system.

            package: bash
            VERSION: 5.2.15-2+b2
            source: bash (5.2.15-2)
            status: install ok installed

            """;

        var (entries, errors) = DpkgStatusParser.Parse(Encoding.UTF8.GetBytes(status));

        Assert.Empty(errors);
        Assert.Equal(
            [
                new DpkgEntry("libc6", "2.36-9+deb12u4", "amd64", "glibc", "2.36-9+deb12u4", "GNU Libc Maintainers <debian-glibc@lists.debian.org>",
                    "12985", "install ok installed"),
                new DpkgEntry("bash", "5.2.15-2+b2", null, "bash", "5.2.15-2", null, null, "install ok installed"),
            ],
            entries);
    }

    [Fact]
    public void Should_JoinContinuationAndTrimValues_When_KeptFieldSpansLinesWithCrLf()
    {
        var status = "Package:\u00a0 tool \r\nVersion:\t1.0\r\r\nMaintainer: Jane\r\n  <jane@example.org> \r\n";

        var entry = Assert.Single(DpkgStatusParser.Parse(Encoding.UTF8.GetBytes(status)).Entries);

        Assert.Equal(("tool", "1.0", "Jane\n<jane@example.org>"), (entry.Package, entry.Version, entry.Maintainer));
    }

    [Fact]
    public void Should_ReportParagraphAndContinue_When_FieldsAreMissingOrLinesMalformed()
    {
        var longLine = new string('x', 70);
        var status = $"Description: orphan\n continued\n\n\nPackage: noversion\n\n{longLine}\nPackage: ok\nVersion: 1\n";

        var (entries, errors) = DpkgStatusParser.Parse(Encoding.UTF8.GetBytes(status));

        Assert.Equal("ok", Assert.Single(entries).Package);
        Assert.Equal(
            [
                "paragraph 1: no Package field",
                "paragraph 3: no Version field (package 'noversion')",
                $"paragraph 4: line '{longLine[..60]}…' is not 'Field: value'",
            ],
            errors);
    }

    [Fact]
    public void Should_DecodeInvalidBytesAsReplacement_When_StatusIsNotUtf8()
    {
        byte[] status = [.. "Package: caf"u8, 0xE9, .. "\nVersion: 1\nMaintainer: "u8, 0xFF, 0xFE, .. "\n"u8];

        var entry = Assert.Single(DpkgStatusParser.Parse(status).Entries);

        Assert.Equal(("caf\uFFFD", "\uFFFD\uFFFD"), (entry.Package, entry.Maintainer));
    }

    [Theory]
    [InlineData("install ok installed", true)]
    [InlineData("hold  ok   half-configured", true)]
    [InlineData("deinstall ok config-files", false)]
    [InlineData("purge ok not-installed", false)]
    [InlineData("install ok installed extra", false)]
    [InlineData("install\tok\tinstalled", false)]
    [InlineData(null, true)]
    public void Should_TellWhetherFilesAreOnDisk_When_StatusHasThreeWords(string? status, bool present)
    {
        Assert.Equal(present, DpkgStatusParser.IsPresent(new DpkgEntry("p", "1", null, "p", "1", null, null, status)));
    }
}
