using System.CommandLine;
using Gantry.Core;
using Gantry.Engine.Sources;

namespace Gantry.Cli.Infrastructure;

/// <summary>
/// How commands reach registries: <c>--username</c>/<c>--password-stdin</c> (or
/// <c>GANTRY_REGISTRY_USERNAME</c>/<c>GANTRY_REGISTRY_PASSWORD</c>), <c>--insecure-registry HOST</c>
/// and <c>--ca-file</c>. Without credentials the docker config (<c>~/.docker/config.json</c>) is used.
/// </summary>
internal sealed class RegistryFlags
{
    public const string UsernameVariable = "GANTRY_REGISTRY_USERNAME";
    public const string PasswordVariable = "GANTRY_REGISTRY_PASSWORD";

    private readonly Option<string?> _username = new("--username")
    {
        Description = $"Registry user name (or env {UsernameVariable}); the password comes from --password-stdin or env {PasswordVariable}",
    };

    private readonly Option<bool> _passwordStdin = new("--password-stdin")
    {
        Description = "Read the registry password (or token) from standard input",
    };

    private readonly Option<string[]> _insecure = new("--insecure-registry")
    {
        Description = "Reach this registry (HOST or HOST:PORT) over plain HTTP instead of TLS; repeatable",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string?> _caFile = new("--ca-file")
    {
        Description = "A PEM file of extra CA certificates to trust for registry TLS",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_username);
        command.Options.Add(_passwordStdin);
        command.Options.Add(_insecure);
        command.Options.Add(_caFile);
    }

    public RegistryAccess Read(ParseResult parseResult)
    {
        var username = parseResult.GetValue(_username) ?? NonEmpty(Environment.GetEnvironmentVariable(UsernameVariable));
        var password = parseResult.GetValue(_passwordStdin)
            ? Console.In.ReadToEnd().TrimEnd('\r', '\n')
            : NonEmpty(Environment.GetEnvironmentVariable(PasswordVariable));
        if (parseResult.GetValue(_passwordStdin) && password is { Length: 0 })
        {
            throw new InvalidInputException("--password-stdin: standard input was empty");
        }

        if ((username is null) != (password is null))
        {
            throw new InvalidInputException(username is null
                ? $"a registry password was given without a user name: add --username or {UsernameVariable}"
                : $"--username {username}: give the password with --password-stdin or {PasswordVariable}");
        }

        return new RegistryAccess
        {
            Username = username,
            Password = password,
            InsecureRegistries = parseResult.GetValue(_insecure) ?? [],
            CaFile = parseResult.GetValue(_caFile),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
