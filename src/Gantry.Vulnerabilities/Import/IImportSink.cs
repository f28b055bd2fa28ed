using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Where an importer puts what it read. Importers report every file they look at, and a record they cannot use
/// is skipped with its file and reason: one bad record never aborts an import.
/// </summary>
public interface IImportSink
{
    void FileRead(string file);

    void Add(VulnerabilityRecord record, string file);

    void Add(KevEntry entry);

    void Add(EpssScore score);

    void Skip(string file, string reason);
}

/// <summary>A record or file that was not imported, and why.</summary>
public sealed record ImportIssue(string File, string Reason);
