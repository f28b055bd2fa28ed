namespace Gantry.Server.Tests.Support;

/// <summary>TestKit's registry collection, declared in this assembly because xunit looks for definitions only here.</summary>
[CollectionDefinition(TestKit.Registry.RegistryCollection.Name)]
public sealed class RegistryCollectionDefinition : TestKit.Registry.RegistryCollection;
