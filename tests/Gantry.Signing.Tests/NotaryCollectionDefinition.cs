namespace Gantry.Signing.Tests;

/// <summary>TestKit's notary collection, declared in this assembly because xunit looks for definitions only here.</summary>
[CollectionDefinition(TestKit.Notary.NotaryCollection.Name)]
public sealed class NotaryCollectionDefinition : TestKit.Notary.NotaryCollection;
