namespace Gantry.ArchitectureTests;

public sealed class LayeringTests
{
    private readonly ArchitectureTable _table = ArchitectureTable.Load();
    private readonly IReadOnlyList<SourceProject> _projects = Repository.SourceProjects();

    [Fact]
    public void Should_Have_A_Row_For_Every_Source_Project_When_Read_From_The_Contributing_Guide()
    {
        Assert.Empty(_projects.Where(p => !_table.Has(p.Name)).Select(p => p.Name));
    }

    [Fact]
    public void Should_Reference_Only_What_The_Table_Allows_When_Compiled()
    {
        var projectOfAssembly = _projects.ToDictionary(p => p.AssemblyName, p => p.Name, StringComparer.Ordinal);

        var violations = _projects.SelectMany(project => _table.Violations(
            project.Name,
            project.Load().GetReferencedAssemblies().Select(a => projectOfAssembly.GetValueOrDefault(a.Name!)).OfType<string>()));

        Assert.Empty(violations);
    }

    [Fact]
    public void Should_Build_Hosts_Without_Transitive_Project_References()
    {
        var hosts = _projects.Where(p => _table.IsHost(p.Name)).ToList();

        Assert.Contains(hosts, p => p.Name == "Gantry.Cli");
        Assert.All(hosts, host => Assert.Equal("true", host.Property("DisableTransitiveProjectReferences")));
    }

    [Fact]
    public void Should_Report_A_Violation_When_A_Host_References_An_Assembly_Behind_The_Engine()
    {
        var violations = _table.Violations("Gantry.Cli", ["Gantry.Core", "Gantry.Engine", "Gantry.Vulnerabilities"]);

        Assert.Equal(["Gantry.Cli → Gantry.Vulnerabilities"], violations);
    }

    [Fact]
    public void Should_Allow_Nothing_When_A_Row_Says_Nothing()
    {
        var table = ArchitectureTable.Parse($"{ArchitectureTable.Heading}\n\n| project | holds | may reference |\n|---|---|---|\n| `Gantry.Core` | the model | nothing |\n");

        Assert.Equal(["Gantry.Core → Gantry.Images"], table.Violations("Gantry.Core", ["Gantry.Images"]));
    }
}
