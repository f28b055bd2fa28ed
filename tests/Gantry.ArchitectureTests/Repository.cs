using System.Reflection;
using System.Xml.Linq;

namespace Gantry.ArchitectureTests;

/// <summary>The repository this test runs from (the folder of Gantry.slnx) and its projects under src/.</summary>
internal static class Repository
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Gantry.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Gantry.slnx above {AppContext.BaseDirectory}");
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    /// <summary>Every project under src/: its name and its project file.</summary>
    public static IReadOnlyList<SourceProject> SourceProjects() =>
        Directory.GetDirectories(Path("src"))
            .Select(folder => System.IO.Path.Combine(folder, System.IO.Path.GetFileName(folder) + ".csproj"))
            .Where(File.Exists)
            .Select(file => new SourceProject(System.IO.Path.GetFileNameWithoutExtension(file), file))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
}

/// <summary>A project under src/ and the assembly it compiles to.</summary>
internal sealed record SourceProject(string Name, string ProjectFile)
{
    private XDocument Xml => XDocument.Load(ProjectFile);

    /// <summary>The <c>AssemblyName</c> of the project file, else the project's name (the CLI's assembly is <c>gantry</c>).</summary>
    public string AssemblyName => Xml.Descendants("AssemblyName").FirstOrDefault()?.Value ?? Name;

    public string? Property(string name) => Xml.Descendants(name).FirstOrDefault()?.Value;

    /// <summary>The compiled assembly, from this test's output folder (the test project references every src project).</summary>
    public Assembly Load()
    {
        var file = System.IO.Path.Combine(AppContext.BaseDirectory, AssemblyName + ".dll");
        Assert.True(File.Exists(file), $"{Name}: {AssemblyName}.dll is not beside the test; add a ProjectReference to it in Gantry.ArchitectureTests.csproj");
        return Assembly.LoadFrom(file);
    }
}
