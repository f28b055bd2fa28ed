namespace Gantry.Policy.Gates;

/// <summary>Every gate Gantry knows, as an explicit list: Anchore's gates, the end-of-life ones, then Gantry's own.</summary>
public static class GateRegistry
{
    public static IReadOnlyList<GateDefinition> All { get; } =
    [
        AlwaysGate.Definition,
        DockerfileGate.Definition,
        FilesGate.Definition,
        LicensesGate.Definition,
        MalwareGate.Definition,
        MetadataGate.Definition,
        FeedPackageGates.Npms,
        FeedPackageGates.RubyGems,
        PackagesGate.Definition,
        PasswdFileGate.Definition,
        RetrievedFilesGate.Definition,
        SecretScansGate.Definition,
        VulnerabilitiesGate.Definition,
        BaseImageGate.Definition,
        ImageDiffGate.Definition,
        .. LegacyGates.All,
    ];

    /// <summary>Finds a gate by name, case-insensitively (Anchore lower-cases gate names).</summary>
    public static GateDefinition? Find(string name) =>
        All.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
}
