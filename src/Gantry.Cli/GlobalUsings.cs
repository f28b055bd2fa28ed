global using Gantry.Cli.Infrastructure;
