namespace Gantry.TestKit;

/// <summary>Finds the workplace's shared folder (corpus, schemas, tools) beside the repository.</summary>
public static class SharedPaths
{
    private static readonly Lazy<string> SharedRoot = new(FindShared);

    /// <summary>The real advisories: env <c>GANTRY_CORPUS</c>, else <c>../shared/corpus</c> from the repository root.</summary>
    public static string Corpus => Environment.GetEnvironmentVariable("GANTRY_CORPUS") is { Length: > 0 } corpus ? corpus : Path.Combine(SharedRoot.Value, "corpus");

    public static string Schemas => Path.Combine(SharedRoot.Value, "schemas");

    public static string Tools => Path.Combine(SharedRoot.Value, "tools");

    /// <summary>The repository root (the folder holding Gantry.slnx).</summary>
    public static string RepositoryRoot { get; } = FindUp(AppContext.BaseDirectory, d => File.Exists(Path.Combine(d, "Gantry.slnx")))
        ?? throw new InvalidOperationException("Gantry.slnx not found above " + AppContext.BaseDirectory);

    private static string FindShared() =>
        FindUp(RepositoryRoot, d => Directory.Exists(Path.Combine(d, "shared", "corpus"))) is { } parent
            ? Path.Combine(parent, "shared")
            : throw new InvalidOperationException("shared/ (corpus, schemas, tools) not found above " + RepositoryRoot);

    private static string? FindUp(string start, Func<string, bool> found)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (found(dir.FullName))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
