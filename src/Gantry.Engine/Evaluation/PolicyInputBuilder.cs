using System.Security.Cryptography;
using System.Text;
using Gantry.Core;
using Gantry.Images.FileSystem;
using Gantry.Policy.Dockerfile;
using Gantry.Policy.Evaluation;

namespace Gantry.Engine.Evaluation;

/// <summary>
/// Fills <see cref="PolicyInput"/> from an analysis: the file records (with type and setuid/setgid bits), the
/// contents of the files the analysis buffered, <c>/etc/passwd</c>, the Dockerfile (given or guessed), the base image
/// facts and the vulnerability data. Secrets are the SBOM's (found while cataloging).
/// </summary>
public static class PolicyInputBuilder
{
    private const string PasswdPath = "/etc/passwd";

    private const int RegularFileType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int SymlinkType = 0xA000;

    /// <summary>
    /// Builds the input. <paramref name="files"/> is null for an SBOM document (no file system to look at);
    /// <paramref name="checksumPaths"/> are the files whose SHA-256 a rule compares (<c>files.attribute_match</c>).
    /// </summary>
    public static PolicyInput Build(Sbom sbom, IFileResolver? files, VulnerabilityData vulnerabilities, ParsedDockerfile? dockerfile, IEnumerable<string> checksumPaths)
    {
        ArgumentNullException.ThrowIfNull(sbom);
        ArgumentNullException.ThrowIfNull(vulnerabilities);
        ArgumentNullException.ThrowIfNull(checksumPaths);
        var description = sbom.Source;
        return new PolicyInput
        {
            Image = PolicyImages.From(description),
            Sbom = sbom,
            Findings = vulnerabilities.Findings,
            Feeds = vulnerabilities.Feeds,
            Files = files is null ? [] : FileRecords(files, checksumPaths.ToHashSet(StringComparer.Ordinal)),
            ReadFile = files is null ? null : path => files.TryReadFile(path, out var content) ? content.ToArray() : null,
            PasswdContents = files is not null && files.TryReadFile(PasswdPath, out var passwd) ? Encoding.UTF8.GetString(passwd.Span) : null,
            Dockerfile = dockerfile ?? GuessedDockerfile.FromImage(description),
            BaseImage = BaseImageDetector.Detect(description),
        };
    }

    private static List<FileRecord> FileRecords(IFileResolver files, HashSet<string> checksumPaths) =>
        files.AllFiles
            .OrderBy(n => n.Path, StringComparer.Ordinal)
            .Select(n => new FileRecord(n.Path, TypeBits(n.Kind) | n.Mode, n.Uid, n.Gid, n.Size,
                checksumPaths.Contains(n.Path) && files.TryReadFile(n.Path, out var content) ? Convert.ToHexStringLower(SHA256.HashData(content.Span)) : null,
                n.LayerIndex < files.LayerDiffIds.Count ? files.LayerDiffIds[n.LayerIndex] : null))
            .ToList();

    /// <summary>The <c>st_mode</c> file type bits: Anchore's messages print the full mode (<c>0o104755</c>).</summary>
    private static int TypeBits(FileKind kind) => kind switch
    {
        FileKind.File or FileKind.HardLink => RegularFileType,
        FileKind.Directory => DirectoryType,
        FileKind.Symlink => SymlinkType,
        _ => 0,
    };
}
