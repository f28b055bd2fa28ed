#:project ../src/Gantry.Vulnerabilities/Gantry.Vulnerabilities.csproj
#:property TieredPGO=false
// Times matching an SBOM of every package the corpus names (PyPI projects, Go modules, Alpine v3.10 packages; well
// over 1,000) against the corpus database, including opening the database. Run through bench/match.sh, which
// publishes it ReadyToRun as build.sh publishes gantry; without the instrumented tier, as gantry runs (Gantry.Cli.csproj).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Vulnerabilities.Matching;
using Gantry.Vulnerabilities.Store;

var (database, corpus) = (args[0], args[1]);
var packages = new List<Package>();
packages.AddRange(Directory.GetDirectories(Path.Combine(corpus, "osv-pypi"))
    .Select(d => new Package { Name = Path.GetFileName(d), Version = "1.0.0", Type = PackageType.Python, FoundBy = "bench" }));
packages.AddRange(Directory.GetFiles(Path.Combine(corpus, "osv-go"), "*.json")
    .SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!["affected"]!.AsArray().Select(a => (string)a!["package"]!["name"]!))
    .Distinct(StringComparer.Ordinal)
    .Select(m => new Package { Name = m, Version = "v0.1.0", Type = PackageType.GoModule, FoundBy = "bench" }));
packages.AddRange(File.ReadLines(Path.Combine(corpus, "alpine-secdb", "v3.10", "main.yaml"))
    .Where(l => l.TrimStart().StartsWith("name: ", StringComparison.Ordinal))
    .Select(l => l.Trim()["name: ".Length..])
    .Distinct(StringComparer.Ordinal)
    .Select(n => new Package { Name = n, Version = "0.1-r0", Type = PackageType.Apk, FoundBy = "bench" }));
var sbom = new Sbom
{
    Source = new ImageDescription { Input = "bench", Kind = "sbom" },
    Distro = new Distro { Id = "alpine", VersionId = "3.10.4" },
    Packages = packages,
};

// The first run is what one `gantry scan` pays (JIT and first touch of the file included); the next runs show the
// steady state of a long-lived host (the service), each opening the database afresh.
var times = new List<double>();
var findings = 0;
for (var run = 0; run < 11; run++)
{
    var watch = Stopwatch.StartNew();
    using var store = SqliteVulnerabilityStore.Open(database);
    findings = VulnerabilityMatcher.Match(sbom, store).Findings.Count;
    times.Add(watch.Elapsed.TotalSeconds);
}

var warm = times.Skip(1).Order().ElementAt(5);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"packages: {packages.Count}, findings: {findings}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"match time (open DB + match), first run in a fresh process: {times[0]:0.000} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"match time (open DB + match), median of the next 10 runs: {warm:0.000} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0.0} MiB"));
