using System.Diagnostics.CodeAnalysis;

// Operations are instance members even when they need no state: hosts reach every operation through one GantryEngine object.
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "namespaceanddescendants", Target = "~N:Gantry.Engine.Operations",
    Justification = "Operations are called through the GantryEngine facade instance.")]
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "namespaceanddescendants", Target = "~N:Gantry.Engine.Trust",
    Justification = "Operations are called through the GantryEngine facade instance.")]
