namespace Gantry.Engine;

/// <summary>Which file system the catalogers read (Syft's <c>--scope</c>).</summary>
public enum SbomScope
{
    /// <summary>The final image: layers squashed, deleted files gone.</summary>
    Squashed,

    /// <summary>
    /// The final image plus every intermediate one (after each layer): packages a later layer deleted or replaced are
    /// reported too, marked with the layer that took them out.
    /// </summary>
    AllLayers,
}
