using Xunit;

namespace Gantry.TestKit.Registry;

/// <summary>
/// The xunit collection of every test class that needs a real registry: they share one <see cref="RegistryFixture"/>,
/// so a test assembly starts each kind of registry at most once and stops it when the assembly is done. xunit only
/// reads collection definitions (attribute included) from the test assembly itself, so each assembly that uses it
/// declares a sealed subclass with <c>[CollectionDefinition(RegistryCollection.Name)]</c>; the name and the fixture
/// are defined here only.
/// </summary>
public abstract class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
