using System.Globalization;
using Gantry.Engine;

// Usage: dotnet Gantry.MemoryProbe.dll SOURCE
// Generates the SBOM of SOURCE in this process, then prints one line per measure and one per package:
//   allocated BYTES        GC.GetTotalAllocatedBytes(precise: true) over the whole process
//   peak-rss BYTES         VmHWM from /proc/self/status (0 where there is none)
//   package NAME@VERSION
//   diagnostic CODE PATH
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Gantry.MemoryProbe SOURCE");
    return 2;
}

var sbom = await new SbomGenerator().GenerateAsync(args[0], SbomOptions.Default, null, CancellationToken.None);
var allocated = GC.GetTotalAllocatedBytes(precise: true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated {allocated}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak-rss {PeakResidentBytes()}"));
foreach (var package in sbom.Packages)
{
    Console.WriteLine($"package {package.Name}@{package.Version}");
}

foreach (var diagnostic in sbom.Diagnostics)
{
    Console.WriteLine($"diagnostic {diagnostic.Code} {diagnostic.Path}");
}

return 0;

static long PeakResidentBytes()
{
    const string status = "/proc/self/status";
    if (!File.Exists(status))
    {
        return 0;
    }

    var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
}
