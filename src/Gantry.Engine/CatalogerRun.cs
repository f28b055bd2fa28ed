using Gantry.Core;

namespace Gantry.Engine;

/// <summary>What the catalogers found in one view, merged in the registry's order.</summary>
internal sealed record CatalogerRun(List<Package> Packages, List<Relationship> Relationships, List<Diagnostic> Diagnostics);
