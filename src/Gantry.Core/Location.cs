namespace Gantry.Core;

/// <summary>Where something was found: an absolute path in the image and the diffID of the layer that holds it.</summary>
/// <param name="Path">Absolute path inside the image root, always starting with '/'.</param>
/// <param name="LayerDiffId">The diffID of the layer the file came from; empty for a <c>dir:</c> source.</param>
public sealed record Location(string Path, string LayerDiffId);
