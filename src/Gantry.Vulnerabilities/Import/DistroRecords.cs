using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Collects per-package statements of distro feeds (which list packages first, then vulnerabilities) into one record
/// per vulnerability id, so each id is stored once per source with all the packages it affects.
/// </summary>
internal sealed class DistroRecords(string feedName)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Add(string id, string file, AffectedPackage affected, IReadOnlyList<string> aliases, string? description = null)
    {
        if (!_entries.TryGetValue(id, out var entry))
        {
            entry = new Entry(file);
            _entries.Add(id, entry);
        }

        entry.Description ??= description;
        entry.Aliases.UnionWith(aliases.Where(a => a != id));
        if (!entry.Affected.Contains(affected))
        {
            entry.Affected.Add(affected);
        }
    }

    public void WriteTo(IImportSink sink)
    {
        foreach (var (id, entry) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var vulnerability = new Vulnerability
            {
                Id = id,
                Aliases = entry.Aliases.Order(StringComparer.Ordinal).ToList(),
                Details = entry.Description,
                Source = feedName,
            };
            sink.Add(new VulnerabilityRecord(vulnerability, entry.Affected), entry.File);
        }
    }

    private sealed class Entry(string file)
    {
        public string File { get; } = file;

        public string? Description { get; set; }

        public HashSet<string> Aliases { get; } = new(StringComparer.Ordinal);

        // Records compare by value, but their list properties by reference: compare on what identifies a statement.
        public List<AffectedPackage> Affected { get; } = [];

        public bool Contains(AffectedPackage affected) => Affected.Exists(a =>
            a.Namespace == affected.Namespace && a.Name == affected.Name && a.FixState == affected.FixState
            && a.FixedVersions.SequenceEqual(affected.FixedVersions, StringComparer.Ordinal));
    }
}
