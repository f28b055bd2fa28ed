using System.CommandLine;
using Gantry.Engine;
using Gantry.Server.Configuration;
using Gantry.Server.Hosting;
using Microsoft.Extensions.Hosting;

namespace Gantry.Cli.Commands.Serve;

/// <summary><c>gantry serve</c>: the long-running service with Anchore Engine's external API (docs/service.md).</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var listen = new Option<string?>("--listen") { Description = $"HOST:PORT to listen on (default {ServerConfig.DefaultListen})" };
        var data = new Option<string?>("--data") { Description = "State folder (default $XDG_DATA_HOME/gantry/server)" };
        var db = new Option<string?>("--db") { Description = "Vulnerability database file (default $GANTRY_DB, else the CLI's database)" };
        var role = new Option<string?>("--role")
        {
            Description = "What this process does: api, worker, watcher or all (default), or several joined by commas (docs/deploy.md)",
        };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "PostgreSQL connection string: keep state and analyses there instead of --data, shared by many processes (default $GANTRY_POSTGRES)",
        };
        var config = new Option<string?>("--config") { Description = "YAML configuration file; every key has a GANTRY_* environment override" };
        var checkConfig = new Option<bool>("--check-config") { Description = "Check the configuration, print what the service would use, and exit" };
        var command = new Command("serve", "Run the service: Anchore Engine's API (v1) for anchore-cli, the Jenkins plugin and other clients");
        command.Options.Add(listen);
        command.Options.Add(data);
        command.Options.Add(db);
        command.Options.Add(role);
        command.Options.Add(postgres);
        command.Options.Add(config);
        command.Options.Add(checkConfig);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var settings = ServerConfigLoader.Load(parseResult.GetValue(config),
                new CommandLineSettings(parseResult.GetValue(listen), parseResult.GetValue(data), parseResult.GetValue(db), parseResult.GetValue(role),
                    parseResult.GetValue(postgres)),
                console.Environment);
            if (parseResult.GetValue(checkConfig))
            {
                foreach (var line in ServerHost.Check(settings, engine))
                {
                    await console.Out.WriteLineAsync(line);
                }

                return ExitCodes.Success;
            }

            await using var app = ServerHost.Build(settings, engine);
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
