using Gantry.Cli;
using Gantry.Engine;

// Most commands read an image: its first-use initialization runs on another core while the command line is parsed.
// Help and version output need none of it, and would only wait for the core it takes.
if (!args.Any(arg => arg is "--help" or "-h" or "-?" or "--version"))
{
    GantryEngine.WarmUpImageReading();
}

return await GantryCli.RunAsync(args, CliConsole.Create()).ConfigureAwait(false);
