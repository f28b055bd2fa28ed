using System.CommandLine;

namespace Gantry.Cli.Commands;

/// <summary>Every top-level command, in the order <c>gantry --help</c> lists them. Add new commands here.</summary>
internal static class CommandList
{
    public static IEnumerable<Command> Create(CliConsole console) =>
    [
        Sbom.SbomCommand.Create(console),
        Scan.ScanCommand.Create(console),
        Scan.ExplainCommand.Create(console),
        Db.DbCommand.Create(console),
        Copy.CopyCommand.Create(console),
        Tags.TagsCommand.Create(console),
        Policy.PolicyCommand.Create(console),
        Evaluate.EvaluateCommand.Create(console),
        Keygen.KeygenCommand.Create(console),
        Sign.SignCommand.Create(console),
        Verify.VerifyCommand.Create(console),
        Gate.GateCommand.Create(console),
        Serve.ServeCommand.Create(console),
    ];
}
