using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Db;

/// <summary><c>gantry db</c>: build, update, inspect and ship the local vulnerability database (docs/db.md).</summary>
internal static class DbCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var command = new Command("db", "Manage the local vulnerability database.");
        command.Subcommands.Add(DbUpdateCommand.Create(console, engine));
        command.Subcommands.Add(DbImportCommand.Create(console, engine));
        command.Subcommands.Add(DbStatusCommand.Create(console, engine));
        command.Subcommands.Add(DbBuildCommand.Create(console, engine));
        command.Subcommands.Add(DbSearchCommand.Create(console, engine));
        return command;
    }
}
