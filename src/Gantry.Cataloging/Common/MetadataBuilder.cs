namespace Gantry.Cataloging.Common;

/// <summary>Collects a package's metadata, dropping blank values so that the SBOM carries no empty keys.</summary>
internal sealed class MetadataBuilder
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public MetadataBuilder Add(string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            _values[key] = value.Trim();
        }

        return this;
    }

    public IReadOnlyDictionary<string, string> Build() => _values;
}
