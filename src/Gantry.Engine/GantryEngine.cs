using Gantry.Engine.Evaluation;
using Gantry.Engine.Gate;
using Gantry.Engine.Operations;
using Gantry.Engine.Scanning;
using Gantry.Engine.Stored;

namespace Gantry.Engine;

/// <summary>
/// The one facade hosts (the <c>gantry</c> CLI, <c>gantry serve</c>) call: every operation, on one clock. Hosts parse
/// their input into the operations' option records and render their result records; nothing else.
/// </summary>
public sealed class GantryEngine
{
    /// <summary>
    /// Starts, on a thread-pool thread, what reading an image first initializes (<see cref="Images.Sources.ImageReadingWarmUp"/>):
    /// for a host about to read one, so that start-up work overlaps its own (the CLI's command line).
    /// </summary>
    public static void WarmUpImageReading() => _ = Task.Run(Images.Sources.ImageReadingWarmUp.Run);

    public GantryEngine(TimeProvider? clock = null)
    {
        Clock = clock ?? TimeProvider.System;
        Sbom = new SbomGenerator(Cataloging.CatalogerRegistry.CreateDefault(), Clock);
        Scanner = new Scanner(Sbom, Clock);
        Evaluator = new ImageEvaluator(Sbom, Clock);
        Gate = new ImageGate(Sbom, Clock);
        Database = new DatabaseOperations(Clock);
        Signing = new SigningOperations(Clock);
        Trust = new Trust.TrustOperations(Clock);
        Registry = new RegistryOperations(Clock);
        StoredImages = new StoredImageOperations(Sbom, Clock);
        Cache = new Caching.CacheOperations(Clock);
    }

    /// <summary>The clock every operation reads and waits on; report timestamps come from it too.</summary>
    public TimeProvider Clock { get; }

    /// <summary><c>sbom</c>: analyze an image into its layer-aware bill of materials.</summary>
    public SbomGenerator Sbom { get; }

    /// <summary><c>scan</c> and <c>explain</c>.</summary>
    public Scanner Scanner { get; }

    /// <summary><c>evaluate</c>: the policy evaluation pipeline <see cref="Gate"/> shares.</summary>
    public ImageEvaluator Evaluator { get; }

    /// <summary><c>gate</c>: evaluate, then push, sign and verify.</summary>
    public ImageGate Gate { get; }

    /// <summary><c>db import|update|status|build|search</c>.</summary>
    public DatabaseOperations Database { get; }

    /// <summary><c>keygen</c>, <c>sign</c>, <c>verify</c>.</summary>
    public SigningOperations Signing { get; }

    /// <summary><c>trust sign|inspect|revoke|key|signer</c> and <c>verify --trust-server</c>: Notary v1 (Docker Content Trust).</summary>
    public Trust.TrustOperations Trust { get; }

    /// <summary><c>copy</c>, <c>tags</c>.</summary>
    public RegistryOperations Registry { get; }

    /// <summary>The service's flows: analyze once, then match and evaluate the stored analysis again.</summary>
    public StoredImageOperations StoredImages { get; }

    /// <summary><c>cache status|clean</c>, and opening the per-layer analysis cache scans use.</summary>
    public Caching.CacheOperations Cache { get; }

    /// <summary><c>policy validate|describe</c>.</summary>
    public PolicyOperations Policy { get; } = new();
}
