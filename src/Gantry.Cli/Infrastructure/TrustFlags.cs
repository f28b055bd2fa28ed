using System.CommandLine;
using Gantry.Core;
using Gantry.Engine.Trust;

namespace Gantry.Cli.Infrastructure;

/// <summary>
/// Where Docker Content Trust data lives, with docker's environment variables beside Gantry's: the notary server
/// (<c>--trust-server</c>), the trust dir (<c>--trust-dir</c>, default <c>~/.docker/trust</c>), TLS and the key passphrases.
/// An auth-enabled server gets the registry's login, as docker gives it: the registry flags' where the command has them
/// (the engine lends them), else <c>GANTRY_REGISTRY_USERNAME</c>/<c>GANTRY_REGISTRY_PASSWORD</c>, else the docker config.
/// </summary>
internal sealed class TrustFlags
{
    public static readonly string[] ServerVariables = ["GANTRY_TRUST_SERVER", "DOCKER_CONTENT_TRUST_SERVER"];
    public static readonly string[] RootPassphraseVariables = ["GANTRY_TRUST_ROOT_PASSPHRASE", "DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE"];
    public static readonly string[] RepositoryPassphraseVariables = ["GANTRY_TRUST_REPOSITORY_PASSPHRASE", "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE"];

    private readonly Option<string?> _server = new("--trust-server")
    {
        Description = $"The notary server URL (or env {string.Join(" / ", ServerVariables)}); plain http only for 127.0.0.1/localhost or with --trust-insecure",
    };

    private readonly Option<string?> _directory = new("--trust-dir")
    {
        Description = "The trust dir: keys and pinned trust data, in notary's layout (default ~/.docker/trust)",
    };

    private readonly Option<string?> _caFile = new("--trust-ca-file")
    {
        Description = "A PEM file of CA certificates to trust for the notary server's TLS",
    };

    private readonly Option<bool> _insecure = new("--trust-insecure")
    {
        Description = "Allow plain http to a notary server that is not on loopback",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_server);
        command.Options.Add(_directory);
        command.Options.Add(_caFile);
        command.Options.Add(_insecure);
    }

    /// <summary>
    /// The trust settings; a server must be given by flag or environment. <paramref name="environmentLogin"/>: the command has
    /// no registry flags, so the notary login comes from <c>GANTRY_REGISTRY_USERNAME</c>/<c>GANTRY_REGISTRY_PASSWORD</c> here.
    /// </summary>
    public TrustAccess Read(ParseResult parseResult, CliConsole console, bool environmentLogin = false) =>
        ReadOptional(parseResult, console, environmentLogin)
        ?? throw new InvalidInputException($"no notary server: give --trust-server URL or set {string.Join(" or ", ServerVariables)}");

    /// <summary>The trust settings, or null when no server is given by flag or environment.</summary>
    public TrustAccess? ReadOptional(ParseResult parseResult, CliConsole console, bool environmentLogin = false)
    {
        var server = parseResult.GetValue(_server) ?? ServerVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (server is null)
        {
            return null;
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidInputException($"--trust-server {server}: not an http(s) URL");
        }

        var login = environmentLogin ? EnvironmentLogin() : default;
        return new TrustAccess(url, TrustDirectory(parseResult), Passphrases(console))
        {
            CaFile = parseResult.GetValue(_caFile),
            AllowInsecureHttp = parseResult.GetValue(_insecure),
            Username = login.Username,
            Password = login.Password,
        };
    }

    /// <summary>The registry login from the environment, both parts or neither, checked as the registry flags check it.</summary>
    private static (string? Username, string? Password) EnvironmentLogin()
    {
        var username = NonEmpty(Environment.GetEnvironmentVariable(RegistryFlags.UsernameVariable));
        var password = NonEmpty(Environment.GetEnvironmentVariable(RegistryFlags.PasswordVariable));
        if ((username is null) != (password is null))
        {
            throw new InvalidInputException(username is null
                ? $"{RegistryFlags.PasswordVariable} is set without {RegistryFlags.UsernameVariable}"
                : $"{RegistryFlags.UsernameVariable} is set without {RegistryFlags.PasswordVariable}");
        }

        return (username, password);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The trust dir alone, for the commands that only touch keys.</summary>
    public string TrustDirectory(ParseResult parseResult) => parseResult.GetValue(_directory) ?? TrustAccess.DefaultTrustDirectory;

    /// <summary>docker's split: the root passphrase opens root keys, the repository passphrase every other key.</summary>
    public static Func<TrustPassphraseRequest, string> Passphrases(CliConsole console) => request =>
        request.IsRootKey
            ? PasswordSource.Read(console, RootPassphraseVariables, "root key passphrase", $"Enter passphrase for {request.KeyDescription}: ", request.IsNewKey)
            : PasswordSource.Read(console, RepositoryPassphraseVariables, "repository key passphrase", $"Enter passphrase for {request.KeyDescription}: ", request.IsNewKey);
}
