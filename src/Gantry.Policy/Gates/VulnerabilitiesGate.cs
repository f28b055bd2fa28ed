using System.Globalization;
using Gantry.Core;
using Gantry.Core.Cvss;

namespace Gantry.Policy.Gates;

/// <summary>
/// <c>vulnerabilities</c>: matched vulnerabilities, feed freshness and coverage. Gantry adds the <c>package</c>
/// parameters <c>layer_scope</c> (base image layers, application layers or all) and <c>kev</c> (CISA KEV only).
/// </summary>
internal static class VulnerabilitiesGate
{
    private static readonly string[] Comparisons = ["=", "!=", "<", ">", "<=", ">="];
    private static readonly string[] Severities = ["unknown", "negligible", "low", "medium", "high", "critical"];

    public static GateDefinition Definition { get; } = new(
        "vulnerabilities",
        "CVE/Vulnerability checks.",
        GateOrigin.Anchore,
        [
            new TriggerDefinition("package", "Triggers if a found vulnerability in an image meets the comparison criteria.", PackageParameters(), Package),
            new TriggerDefinition("stale_feed_data", "Triggers if the CVE data is older than the window specified by the parameter MAXAGE (unit is number of days).",
            [new("max_days_since_sync", "Fire the trigger if the last sync was more than this number of days ago.", ParameterKind.Integer) { Required = true, Example = "10" }],
            StaleFeedData),
            new TriggerDefinition("vulnerability_data_unavailable", "Triggers if vulnerability data is unavailable for the image's distro packages such as rpms or dpkg. Non-OS packages like npms and java are not considered in this evaluation",
                context =>
                {
                    if (!context.Input.Feeds.DistroDataAvailable)
                    {
                        var distro = context.Input.Sbom.Distro is { } d ? $"{d.Id}:{d.VersionId}" : "unknown";
                        context.Fire($"Feed data unavailable, cannot perform CVE scan for distro: {distro}");
                    }
                }),
            new TriggerDefinition("blacklist", "Triggers if any of a list of specified vulnerabilities has been detected in the image.",
            [
                new("vulnerability_ids", "List of vulnerability IDs, will cause the trigger to fire if any are detected.", ParameterKind.CommaList) { Required = true, Example = "CVE-2019-1234" },
                new("vendor_only", "If set to True, discard matches against this vulnerability if vendor has marked as will not fix in the vulnerability record.", ParameterKind.Boolean) { Example = "true", Default = "true" },
            ], Blacklist),
        ]);

    private static List<TriggerParameter> PackageParameters()
    {
        var parameters = new List<TriggerParameter>
        {
            new("package_type", "Only trigger for specific package type.", ParameterKind.Enum) { Required = true, AllowedValues = ["all", "os", "non-os"], Example = "all" },
            new("severity_comparison", "The type of comparison to perform for severity evaluation.", ParameterKind.Enum) { AllowedValues = Comparisons, Example = ">", Default = ">" },
            new("severity", "Severity to compare against.", ParameterKind.Enum) { AllowedValues = Severities, Example = "high", Default = "unknown" },
        };
        foreach (var (name, source) in new[] { ("cvss_v3_base_score", "NVD"), ("cvss_v3_exploitability_score", "NVD"), ("cvss_v3_impact_score", "NVD"), ("vendor_cvss_v3_base_score", "vendor"), ("vendor_cvss_v3_exploitability_score", "vendor"), ("vendor_cvss_v3_impact_score", "vendor") })
        {
            var what = name.Replace("vendor_", string.Empty, StringComparison.Ordinal).Replace("cvss_v3_", "CVSS v3 ", StringComparison.Ordinal).Replace('_', ' ');
            parameters.Add(new($"{name}_comparison", $"The type of comparison to perform for the {source} {what} evaluation.", ParameterKind.Enum) { AllowedValues = Comparisons, Example = ">", Default = ">=" });
            parameters.Add(new(name, $"{source} {what} to compare against.", ParameterKind.Float) { Example = "5.0" });
        }

        parameters.AddRange(
        [
            new("fix_available", "If present, the fix availability for the vulnerability record must match the value of this parameter.", ParameterKind.Boolean) { Example = "true" },
            new("vendor_only", "If True, an available fix for this CVE must not be explicitly marked as wont be addressed by the vendor", ParameterKind.Boolean) { Example = "true", Default = "true" },
            new("max_days_since_creation", "If provided, this CVE must be older than the days provided to trigger.", ParameterKind.Integer) { Example = "7" },
            new("max_days_since_fix", "If provided (only evaluated when fix_available option is also set to true), the fix first observed time must be older than days provided, to trigger.", ParameterKind.Integer) { Example = "30" },
            new("package_path_exclude", "The regex to evaluate against the package path, which is defined for non-os packages only, to exclude from triggering", ParameterKind.Regex) { Example = @".*test\.jar" },
            new("layer_scope", "Gantry: only consider packages from the base image's layers (base), from the layers added on top of it (application), or all.", ParameterKind.Enum) { AllowedValues = ["base", "application", "all"], Example = "application", Default = "all", IsGantryExtension = true },
            new("kev", "Gantry: if true, only vulnerabilities listed in CISA's Known Exploited Vulnerabilities catalog trigger.", ParameterKind.Boolean) { Example = "true", IsGantryExtension = true },
        ]);
        return parameters;
    }

    private static void Package(TriggerContext context)
    {
        var p = context.Params;
        var packageType = p.GetRequired("package_type");
        var severityComparison = p.GetRequired("severity_comparison");
        var severity = Enum.Parse<Severity>(p.GetRequired("severity"), ignoreCase: true);
        var fixAvailable = p.Get("fix_available") is null ? (bool?)null : p.GetBool("fix_available", false);
        var vendorOnly = p.GetBool("vendor_only", true);
        var maxDaysSinceCreation = p.GetInt("max_days_since_creation");
        var maxDaysSinceFix = p.GetInt("max_days_since_fix");
        var pathExclude = p.GetRegex("package_path_exclude");
        var kevOnly = p.GetBool("kev", false);
        var inScope = LayerScope(context);

        foreach (var finding in context.Input.Findings)
        {
            var package = finding.Package;
            var vulnerability = finding.Vulnerability;
            var isOs = package.Type.IsOsPackage();
            var hasFix = finding.FixState == FixState.Fixed || finding.FixedVersions.Count > 0;
            if ((packageType == "os" && !isOs) || (packageType == "non-os" && isOs)
                || !Compare(severityComparison, (int)vulnerability.Severity, (int)severity)
                || (vendorOnly && finding.FixState == FixState.WontFix)
                || (fixAvailable is { } wantFix && wantFix != hasFix)
                || (kevOnly && !vulnerability.Kev)
                || !inScope(package)
                || (!isOs && pathExclude is not null && package.Locations.Any(l => pathExclude.Match(l.Path) is { Success: true, Index: 0 }))
                || !ScoresMatch(p, vulnerability))
            {
                continue;
            }

            if (maxDaysSinceCreation is { } creationDays
                && (vulnerability.Published is not { } published || context.State.Now - published < TimeSpan.FromDays(creationDays)))
            {
                continue;
            }

            if (maxDaysSinceFix is { } fixDays && fixAvailable == true
                && context.Input.FixDates.TryGetValue($"{vulnerability.Id}+{package.Name}", out var fixDate)
                && context.State.Now - fixDate < TimeSpan.FromDays(fixDays))
            {
                continue;
            }

            context.Fire(Message(finding, isOs, hasFix), TriggerId(finding, isOs));
        }
    }

    /// <summary>The <c>layer_scope</c> filter; with no base image known it keeps everything and says so.</summary>
    private static Func<Package, bool> LayerScope(TriggerContext context)
    {
        var scope = context.Params.Get("layer_scope") ?? "all";
        if (scope == "all")
        {
            return _ => true;
        }

        if (context.Input.BaseImage is not { LayerDiffIds.Count: > 0 } baseImage)
        {
            context.Warn($"layer_scope={scope} needs the base image's layers, which are unknown; all packages were considered");
            return _ => true;
        }

        var baseLayers = baseImage.LayerDiffIds.ToHashSet(StringComparer.Ordinal);
        return scope == "base" ? package => baseLayers.Contains(package.LayerDiffId) : package => !baseLayers.Contains(package.LayerDiffId);
    }

    /// <summary>The feed's base score, and the sub-scores Anchore compares, which feeds give only as the vector.</summary>
    private static V3ScoreSet V3Scores(CvssScore score) =>
        CvssCalculator.TryCalculate(score.Vector, out var computed, out _)
            ? new V3ScoreSet(score.BaseScore, computed.Exploitability, computed.Impact)
            : new V3ScoreSet(score.BaseScore, null, null);

    private sealed record V3ScoreSet(double? Base, double? Exploitability, double? Impact);

    private static bool ScoresMatch(RuleParameters p, Vulnerability vulnerability)
    {
        foreach (var vendor in new[] { false, true })
        {
            var prefix = vendor ? "vendor_cvss_v3_" : "cvss_v3_";
            var scores = vulnerability.Cvss
                .Where(c => c.Version.StartsWith('3') && IsNvd(c.Source) != vendor)
                .Select(V3Scores)
                .ToList();
            foreach (var (name, pick) in new (string, Func<V3ScoreSet, double?>)[] { ("base_score", r => r.Base), ("exploitability_score", r => r.Exploitability), ("impact_score", r => r.Impact) })
            {
                if (p.GetFloat(prefix + name) is not { } threshold)
                {
                    continue;
                }

                var comparison = p.GetRequired(prefix + name + "_comparison");
                if (!scores.Any(s => pick(s) is { } value && Compare(comparison, value, threshold)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsNvd(string? source) => source is null || source.Contains("nvd", StringComparison.OrdinalIgnoreCase);

    private static bool Compare(string comparison, double left, double right) => comparison switch
    {
        "=" => left == right,
        "!=" => left != right,
        "<" => left < right,
        ">" => left > right,
        "<=" => left <= right,
        ">=" => left >= right,
        _ => false,
    };

    /// <summary>Anchore's wording: <c>HIGH Vulnerability found in os package type (dpkg) - openssl (fixed in: 3.0.13)(CVE-… - link)</c>.</summary>
    private static string Message(Finding finding, bool isOs, bool hasFix)
    {
        var vulnerability = finding.Vulnerability;
        var fix = hasFix && finding.FixedVersions.Count > 0 ? $"(fixed in: {string.Join(", ", finding.FixedVersions)})" : "(not fixed)";
        var link = vulnerability.References.Count > 0 ? vulnerability.References[0]
            : (vulnerability.Id.StartsWith("CVE-", StringComparison.Ordinal) ? $"https://nvd.nist.gov/vuln/detail/{vulnerability.Id}" : "N/A");
        var severity = vulnerability.Severity.ToString().ToUpperInvariant();
        var scores = string.Join(string.Empty, vulnerability.Cvss.Where(c => c.Version.StartsWith('3') && c.BaseScore is not null)
            .Select(c => $"(CVSS v3 {(IsNvd(c.Source) ? "base" : "vendor base")} score: {c.BaseScore!.Value.ToString("0.0", CultureInfo.InvariantCulture)})"));
        return $"{severity} Vulnerability found in {(isOs ? "os" : "non-os")} package type ({AnchorePackageType(finding.Package.Type)}) - {finding.Package.Name}-{finding.Package.Version} {fix}{scores}({vulnerability.Id} - {link})";
    }

    /// <summary>Anchore's ids: <c>CVE+pkg</c> for OS packages, <c>CVE+file.jar</c>, <c>CVE+module-dir</c> for npm, else <c>CVE+name-version</c>.</summary>
    internal static string TriggerId(Finding finding, bool isOs)
    {
        var package = finding.Package;
        var id = finding.Vulnerability.Id;
        if (isOs)
        {
            return $"{id}+{package.Name}";
        }

        var location = package.Locations.Count > 0 ? package.Locations[0].Path : null;
        if (location is not null)
        {
            var parts = location.Split('/');
            if (package.Type is PackageType.JavaArchive or PackageType.Gem)
            {
                return $"{id}+{parts[^1]}";
            }

            if (package.Type == PackageType.Npm && parts.Length >= 2)
            {
                return $"{id}+{parts[^2]}";
            }
        }

        return $"{id}+{package.Name}-{package.Version}";
    }

    private static string AnchorePackageType(PackageType type) => type switch
    {
        PackageType.Deb => "dpkg",
        PackageType.Apk => "APKG",
        PackageType.JavaArchive => "java",
        _ => type.ToWireName(),
    };

    private static void StaleFeedData(TriggerContext context)
    {
        var days = context.Params.GetInt("max_days_since_sync") ?? 0;
        var lastSync = context.Input.Feeds.LastSync;
        if (lastSync is null || context.State.Now - lastSync.Value > TimeSpan.FromDays(days))
        {
            context.Fire($"The vulnerability feed for this image distro is older than MAXAGE ({days}) days");
        }
    }

    private static void Blacklist(TriggerContext context)
    {
        var ids = context.Params.GetList("vulnerability_ids");
        var vendorOnly = context.Params.GetBool("vendor_only", true);
        var found = context.Input.Findings
            .Where(f => ids.Contains(f.Vulnerability.Id) && !(vendorOnly && f.FixState == FixState.WontFix))
            .Select(f => f.Vulnerability.Id)
            .Distinct()
            .ToList();
        if (found.Count > 0)
        {
            context.Fire("Blacklisted vulnerabilities detected: " + DockerfileGate.PythonList(found));
        }
    }
}
