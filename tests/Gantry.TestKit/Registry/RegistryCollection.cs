using Xunit;

namespace Gantry.TestKit.Registry;

/// <summary>
/// The xunit collection of every test class that needs a real registry: they share one <see cref="RegistryFixture"/>,
/// so a test assembly starts each kind of registry at most once and stops it when the assembly is done. xunit only
/// reads collection definitions from the test assembly itself, so each assembly that uses it derives one line from
/// this class; the name and the fixture are defined here only.
/// </summary>
[CollectionDefinition(Name)]
public abstract class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
