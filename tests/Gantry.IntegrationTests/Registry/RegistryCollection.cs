using Gantry.TestKit.Registry;

namespace Gantry.IntegrationTests.Registry;

/// <summary>One set of real registries for every registry test class of this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
