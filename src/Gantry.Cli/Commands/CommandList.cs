using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands;

/// <summary>Every top-level command, in the order <c>gantry --help</c> lists them. Add new commands here.</summary>
internal static class CommandList
{
    public static IEnumerable<Command> Create(CliConsole console, GantryEngine engine) =>
    [
        Sbom.SbomCommand.Create(console, engine),
        Scan.ScanCommand.Create(console, engine),
        Scan.ExplainCommand.Create(console, engine),
        Db.DbCommand.Create(console, engine),
        Copy.CopyCommand.Create(console, engine),
        Tags.TagsCommand.Create(console, engine),
        Policy.PolicyCommand.Create(console, engine),
        Evaluate.EvaluateCommand.Create(console, engine),
        Keygen.KeygenCommand.Create(console, engine),
        Sign.SignCommand.Create(console, engine),
        Verify.VerifyCommand.Create(console, engine),
        Trust.TrustCommand.Create(console, engine),
        Gate.GateCommand.Create(console, engine),
        Cache.CacheCommand.Create(console, engine),
        Serve.ServeCommand.Create(console, engine),
    ];
}
