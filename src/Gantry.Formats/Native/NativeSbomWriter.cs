using Gantry.Core;
using Gantry.Formats.Common;

namespace Gantry.Formats.Native;

/// <summary>
/// Writes Gantry's native SBOM document (docs/sbom-json.md): <see cref="NativeSbomDocument"/> is the schema, in one
/// place, and the output is deterministic.
/// </summary>
public static class NativeSbomWriter
{
    public static void Write(Sbom sbom, Stream output)
    {
        ArgumentNullException.ThrowIfNull(sbom);
        JsonOutput.Write(NativeSbomDocument.From(sbom), output);
    }
}
