using Gantry.Policy.Dockerfile;
using Gantry.Core.Secrets;

namespace Gantry.Policy.Evaluation;

/// <summary>
/// Per-evaluation data shared by the rules: the input, the settings, the clock, and views computed once
/// (the Dockerfile, the passwd entries) however many rules use them.
/// </summary>
public sealed class EvaluationState
{
    private readonly List<string> _warnings = [];
    private readonly Lazy<ParsedDockerfile?> _dockerfile;
    private readonly Lazy<IReadOnlyList<PasswdEntry>?> _passwd;

    internal EvaluationState(PolicyInput input, EvaluationSettings settings, DateTimeOffset now)
    {
        Input = input;
        Settings = settings;
        Now = now;
        _dockerfile = new Lazy<ParsedDockerfile?>(PrepareDockerfile);
        _passwd = new Lazy<IReadOnlyList<PasswdEntry>?>(() => PasswdEntry.ParseAll(Input.PasswdContents ?? ReadText("/etc/passwd")));
    }

    public PolicyInput Input { get; }

    public EvaluationSettings Settings { get; }

    public DateTimeOffset Now { get; }

    /// <summary>The actual Dockerfile, else one guessed from history; null when there is neither.</summary>
    public ParsedDockerfile? Dockerfile => _dockerfile.Value;

    /// <summary>The <c>/etc/passwd</c> entries, or null when the file is not available.</summary>
    public IReadOnlyList<PasswdEntry>? PasswdEntries => _passwd.Value;

    /// <summary>Matches of the content-search rules (Anchore's <c>content_search</c> analyzer): the SBOM's secrets found in files.</summary>
    public IEnumerable<SecretFinding> ContentMatches => Input.Sbom.Secrets.Where(s => s.Source == SecretSource.File);

    public IReadOnlyList<string> Warnings => _warnings;

    internal void AddWarning(string message)
    {
        if (!_warnings.Contains(message))
        {
            _warnings.Add(message);
        }
    }

    public string? ReadText(string path) =>
        Input.ReadFile?.Invoke(path) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    private ParsedDockerfile? PrepareDockerfile()
    {
        if (Input.Dockerfile is not null)
        {
            return Input.Dockerfile;
        }

        var history = Input.Sbom.Source.Config.History;
        return history.Count == 0 ? null : HistoryDockerfile.FromHistory(history);
    }
}

/// <summary>Knobs of an evaluation that do not come from the bundle.</summary>
public sealed record EvaluationSettings
{
    /// <summary>The rules the SBOM's secrets were found with: <c>files.content_regex_match</c> prints the regex of each match's rule.</summary>
    public SecretRuleSet ContentSearchRules { get; init; } = SecretRuleSet.AnchoreDefaults;

    /// <summary>
    /// Compares two versions of a package (negative when the first is lower), for
    /// <c>packages.required_package</c> with <c>version_match_type=minimum</c>. The engine passes the
    /// scheme-aware comparers of Gantry.Versioning; the default compares numeric segments.
    /// </summary>
    public Func<Gantry.Core.Package, string, int> CompareVersion { get; init; } = (package, version) => SimpleVersionComparer.Compare(package.Version, version);
}

/// <summary>One <c>/etc/passwd</c> line split into its seven fields.</summary>
public sealed record PasswdEntry(string Line, string User, string Password, string Uid, string Gid, string Gecos, string Home, string Shell)
{
    public static IReadOnlyList<PasswdEntry>? ParseAll(string? contents)
    {
        if (contents is null)
        {
            return null;
        }

        return contents.ReplaceLineEndings("\n").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l =>
            {
                var f = l.Split(':');
                string At(int i) => i < f.Length ? f[i] : string.Empty;
                return new PasswdEntry(l, At(0), At(1), At(2), At(3), At(4), At(5), At(6));
            })
            .ToList();
    }
}
