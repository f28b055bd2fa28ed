namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// One NVD CPE match criterion (configurations[].nodes[].cpeMatch[]): a CPE 2.3 pattern plus an optional version
/// range. Kept apart from affected packages because only the CPE fallback matcher reads them.
/// </summary>
public sealed record CpeCriterion
{
    public required string VulnerabilityId { get; init; }

    /// <summary>The full CPE 2.3 string, e.g. <c>cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*</c>.</summary>
    public required string Criteria { get; init; }

    public string? VersionStartIncluding { get; init; }

    public string? VersionStartExcluding { get; init; }

    public string? VersionEndIncluding { get; init; }

    public string? VersionEndExcluding { get; init; }

    /// <summary>False for "running on" platform entries, which describe the environment, not the flaw.</summary>
    public bool Vulnerable { get; init; } = true;

    public string Part => Field(2);

    public string Vendor => Field(3);

    public string Product => Field(4);

    /// <summary>The version field of the pattern (<c>*</c> when a range applies).</summary>
    public string Version => Field(5);

    private string Field(int index)
    {
        var fields = CpeFields.Split(Criteria);
        return index < fields.Count ? fields[index] : "*";
    }
}

/// <summary>Splits a CPE 2.3 formatted string on colons that are not escaped with a backslash.</summary>
public static class CpeFields
{
    public static IReadOnlyList<string> Split(string cpe)
    {
        ArgumentNullException.ThrowIfNull(cpe);
        var fields = new List<string>(13);
        var start = 0;
        for (var i = 0; i < cpe.Length; i++)
        {
            if (cpe[i] == '\\')
            {
                i++;
            }
            else if (cpe[i] == ':')
            {
                fields.Add(cpe[start..i]);
                start = i + 1;
            }
        }

        fields.Add(cpe[start..]);
        return fields;
    }
}
