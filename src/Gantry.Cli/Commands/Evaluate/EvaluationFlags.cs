using System.CommandLine;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Engine.Evaluation;
using Gantry.Engine.Operations;

namespace Gantry.Cli.Commands.Evaluate;

/// <summary>
/// The options <c>gantry evaluate</c> and <c>gantry gate</c> share, so that both decide the same on the same image and
/// bundle: the bundle, the Dockerfile, the secret rules, the database, the base image and its trusted keys, the source.
/// </summary>
internal sealed class EvaluationFlags
{
    private readonly Option<string> _policy = new("--policy", "-p") { Description = "The Anchore policy bundle (JSON, version 1_0)", Required = true };

    private readonly Option<string?> _dockerfile = new("--dockerfile") { Description = "The image's Dockerfile; without it the Dockerfile is guessed from the image history and config" };

    private readonly Option<string?> _secretConfig = new("--secret-config") { Description = "Secret rules in Trivy's format (rules, allow-rules, enable-builtin-rules…); default: Anchore's rules" };

    private readonly Option<string?> _db = new("--db")
    {
        Description = $"Vulnerability database (default: {DatabaseOperations.DefaultLocation}; a named one must exist, a missing default one means no vulnerability data)",
    };

    private readonly Option<bool> _noDb = new("--no-db") { Description = "Skip vulnerability matching: evaluate the other gates; vulnerability_data_unavailable and stale_feed_data fire" };

    private readonly Option<string?> _baseImage = new("--base") { Description = "The base image (REF or REF@DIGEST), instead of the org.opencontainers.image.base.* annotations" };

    private readonly Option<string?> _trustedKeys = new("--trusted-keys") { Description = "Folder of *.pub keys; the base_image gate's signature check uses them" };

    private readonly Option<bool> _requireBaseTrust = new("--require-base-trust")
    {
        Description = "The base_image gate's signature check also requires the base image's tag signed with Docker Content Trust in --trust-server",
    };

    private readonly SourceOptions _source = new();
    private readonly CacheFlags _cache = new();

    /// <summary>The notary server, trust dir and passphrases: for the base image check, and for the gate's signing.</summary>
    public TrustFlags Trust { get; } = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _policy, _dockerfile, _secretConfig, _db, _noDb, _baseImage, _trustedKeys, _requireBaseTrust })
        {
            command.Options.Add(option);
        }

        _source.AddTo(command);
        _cache.AddTo(command);
        Trust.AddTo(command);
    }

    public EvaluationOptions Read(ParseResult parseResult, CliConsole console, GantryEngine engine)
    {
        var db = parseResult.GetValue(_db);
        var noDb = parseResult.GetValue(_noDb);
        if (noDb && db is not null)
        {
            throw new InvalidInputException("--no-db: cannot be combined with --db");
        }

        var explicitDb = db ?? Environment.GetEnvironmentVariable(DatabaseOperations.EnvironmentVariable);
        return new EvaluationOptions
        {
            PolicyPath = parseResult.GetValue(_policy)!,
            DockerfilePath = parseResult.GetValue(_dockerfile),
            SecretRulesPath = parseResult.GetValue(_secretConfig),
            DatabasePath = noDb ? null : DatabaseOperations.ResolvePath(db),
            DatabaseRequired = !string.IsNullOrEmpty(explicitDb),
            BaseImage = parseResult.GetValue(_baseImage),
            TrustedKeysFolder = parseResult.GetValue(_trustedKeys),
            BaseImageNotary = parseResult.GetValue(_requireBaseTrust) ? Trust.Read(parseResult, console) : null,
            Analysis = new SbomOptions { Source = _source.Read(parseResult), Cache = _cache.Open(parseResult, console, engine) },
        };
    }
}
