using System.CommandLine;

namespace Gantry.Cli.Commands.Db;

/// <summary><c>gantry db</c>: build, update, inspect and ship the local vulnerability database (docs/db.md).</summary>
internal static class DbCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("db", "Manage the local vulnerability database.");
        command.Subcommands.Add(DbUpdateCommand.Create(console));
        command.Subcommands.Add(DbImportCommand.Create(console));
        command.Subcommands.Add(DbStatusCommand.Create(console));
        command.Subcommands.Add(DbBuildCommand.Create(console));
        command.Subcommands.Add(DbSearchCommand.Create(console));
        return command;
    }
}
