using Xunit;

namespace Gantry.TestKit.Notary;

/// <summary>
/// The xunit collection of every test class that needs the real notary-server: they share one <see cref="NotaryFixture"/>.
/// As with <see cref="Registry.RegistryCollection"/>, xunit reads collection definitions only from the test assembly, so
/// each assembly declares a sealed subclass with <c>[CollectionDefinition(NotaryCollection.Name)]</c>.
/// </summary>
public abstract class NotaryCollection : ICollectionFixture<NotaryFixture>
{
    public const string Name = "notary";
}
