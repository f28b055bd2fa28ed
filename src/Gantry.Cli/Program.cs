using Gantry.Cli;

return await GantryCli.RunAsync(args, CliConsole.Create()).ConfigureAwait(false);
