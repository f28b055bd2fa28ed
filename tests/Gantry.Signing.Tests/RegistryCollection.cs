using Gantry.TestKit.Registry;

namespace Gantry.Signing.Tests;

/// <summary>One real local registry for every registry test class of this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
