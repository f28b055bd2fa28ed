using System.Text;

namespace Gantry.Cataloging.Apk;

/// <summary>One record of apk's installed database.</summary>
internal sealed record ApkEntry(
    string Name,
    string Version,
    string? Architecture,
    string? Origin,
    string? License,
    string? Maintainer,
    IReadOnlyList<string> Files);

/// <summary>
/// Parses <c>/lib/apk/db/installed</c>: records separated by blank lines, one <c>X:value</c> per line
/// (P name, V version, A arch, o origin, L license, m maintainer, F folder, R file in the last folder).
/// </summary>
internal static class ApkDatabaseParser
{
    public static (List<ApkEntry> Entries, List<string> Errors) Parse(ReadOnlySpan<byte> content)
    {
        var entries = new List<ApkEntry>();
        var errors = new List<string>();
        var record = new Record();
        var number = 1;
        foreach (var rawLine in Encoding.UTF8.GetString(content).Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                record.Flush(entries, errors, number++);
                record = new Record();
                continue;
            }

            if (line.Length < 2 || line[1] != ':')
            {
                errors.Add($"record {number}: line '{(line.Length > 60 ? line[..60] + "…" : line)}' is not 'X:value'");
                continue;
            }

            record.Add(line[0], line[2..]);
        }

        record.Flush(entries, errors, number);
        return (entries, errors);
    }

    private sealed class Record
    {
        private readonly List<string> _files = [];
        private string? _name;
        private string? _version;
        private string? _arch;
        private string? _origin;
        private string? _license;
        private string? _maintainer;
        private string _folder = string.Empty;
        private bool _any;

        public void Add(char key, string value)
        {
            _any = true;
            switch (key)
            {
                case 'P': _name = value; break;
                case 'V': _version = value; break;
                case 'A': _arch = value; break;
                case 'o': _origin = value; break;
                case 'L': _license = value; break;
                case 'm': _maintainer = value; break;
                case 'F': _folder = value; break;
                case 'R': _files.Add("/" + (_folder.Length > 0 ? _folder + "/" : string.Empty) + value); break;
                default: break; // other fields (T, C, S, I, t, c, D, p, r, a, M, Z...) are not used
            }
        }

        public void Flush(List<ApkEntry> entries, List<string> errors, int number)
        {
            if (!_any)
            {
                return;
            }

            if (string.IsNullOrEmpty(_name) || string.IsNullOrEmpty(_version))
            {
                errors.Add($"record {number}: no {(string.IsNullOrEmpty(_name) ? "P (name)" : "V (version)")} field");
                return;
            }

            entries.Add(new ApkEntry(_name, _version, _arch, _origin, _license, _maintainer, _files));
        }
    }
}
