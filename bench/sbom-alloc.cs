#:project ../src/Gantry.Engine/Gantry.Engine.csproj
#:property Nullable=enable
// sbom-alloc.cs IMAGE — what one `gantry sbom IMAGE -o json` allocates, measured in process: total bytes allocated
// (GC.GetTotalAllocatedBytes), collections per generation, GC pause time, peak RSS (VmHWM), and the allocating types
// sampled by the runtime's AllocationTick event (one event about every 100 KB allocated, so the per-type figures are
// estimates). The scan is the CLI's: SbomGenerator with the default options, then the native JSON writer to a null
// stream. IMAGE is any source gantry takes (oci-archive:PATH, oci:DIR, ...). For docs/performance.md (issue #16).
// Publish it ReadyToRun like gantry:
//   dotnet publish bench/sbom-alloc.cs -c Release -r linux-x64 -p:PublishAot=false -p:PublishReadyToRun=true -o out/sbom-alloc
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Gantry.Engine;
using Gantry.Formats.Native;

using var listener = new AllocationListener();
var watch = Stopwatch.StartNew();
var sbom = await new SbomGenerator().GenerateAsync(args[0], SbomOptions.Default, null, CancellationToken.None);
var scanned = watch.Elapsed.TotalSeconds;
NativeSbomWriter.Write(sbom, Stream.Null);
var total = watch.Elapsed.TotalSeconds;
var allocated = GC.GetTotalAllocatedBytes(precise: true);
var info = GC.GetGCMemoryInfo(GCKind.Any);
string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
Console.WriteLine(F($"packages: {sbom.Packages.Count}, files: {sbom.Files?.FileCount}, scan {scanned:0.000} s, with JSON {total:0.000} s"));
Console.WriteLine(F($"allocated: {allocated / 1048576.0:0.0} MiB; collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}; GC pause total {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms"));
Console.WriteLine(F($"heap after the last GC: {info.HeapSizeBytes / 1048576.0:0.0} MiB, committed {info.TotalCommittedBytes / 1048576.0:0.0} MiB; peak RSS {PeakRssKiB() / 1024.0:0.0} MiB"));
Console.WriteLine("sampled allocations by type (AllocationTick, ~100 KB each):");
foreach (var (type, bytes) in listener.ByType.OrderByDescending(kv => kv.Value).Take(15))
{
    Console.WriteLine(F($"  {bytes / 1048576.0,8:0.0} MiB  {100.0 * bytes / Math.Max(1, listener.ByType.Values.Sum()),5:0.0}%  {type}"));
}

static long PeakRssKiB() =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();

/// <summary>Sums the runtime's GCAllocationTick events per allocated type.</summary>
sealed class AllocationListener : EventListener
{
    public Dictionary<string, long> ByType { get; } = [];

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick is verbose
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null)
        {
            return;
        }

        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], CultureInfo.InvariantCulture) : 0;
        lock (ByType)
        {
            ByType[type] = ByType.GetValueOrDefault(type) + amount;
        }
    }
}
