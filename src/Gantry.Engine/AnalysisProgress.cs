namespace Gantry.Engine;

/// <summary>What the pipeline is doing, for hosts that show progress. No console I/O happens below the hosts.</summary>
public sealed record AnalysisProgress(string Stage, int Done, int Total, long Bytes = 0);
