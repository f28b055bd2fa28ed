using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Gantry.Core;

namespace Gantry.Images.Registry;

/// <summary>
/// Finds credentials for a registry as the docker CLI does: explicit ones first, then
/// <c>credHelpers</c>, <c>auths</c> and <c>credsStore</c> from <c>config.json</c>. Helpers are
/// <c>docker-credential-NAME get</c> programs; a helper that is not installed is skipped.
/// </summary>
internal sealed class DockerConfigCredentials(RegistryOptions options)
{
    private const string DockerHubServer = "https://index.docker.io/v1/";

    public RegistryCredential? Find(string registry)
    {
        if (options.Credential is { } explicitCredential)
        {
            return explicitCredential;
        }

        if (!options.ReadDockerConfig)
        {
            return null;
        }

        var path = options.DockerConfigPath ?? DefaultConfigPath();
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        JsonDocument config;
        try
        {
            config = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{path}: invalid docker config JSON ({ex.Message.Split('.')[0]})", ex);
        }

        using (config)
        {
            var root = config.RootElement;
            var keys = ServerKeys(registry);
            if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object)
            {
                foreach (var key in keys)
                {
                    if (helpers.TryGetProperty(key, out var helper) && helper.GetString() is { Length: > 0 } name)
                    {
                        return RunHelper(name, key);
                    }
                }
            }

            if (root.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in auths.EnumerateObject())
                {
                    if (keys.Contains(StripScheme(entry.Name), StringComparer.OrdinalIgnoreCase) || keys.Contains(entry.Name, StringComparer.OrdinalIgnoreCase))
                    {
                        if (FromAuthEntry(entry.Value, path, entry.Name) is { } found)
                        {
                            return found;
                        }
                    }
                }
            }

            if (root.TryGetProperty("credsStore", out var store) && store.GetString() is { Length: > 0 } storeName)
            {
                return RunHelper(storeName, keys[0]);
            }
        }

        return null;
    }

    private static string? DefaultConfigPath()
    {
        var dockerConfig = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (!string.IsNullOrEmpty(dockerConfig))
        {
            return Path.Combine(dockerConfig, "config.json");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".docker", "config.json");
    }

    /// <summary>The names docker uses as keys for a registry; Docker Hub's historical key comes first.</summary>
    private static string[] ServerKeys(string registry) => registry == ImageReference.DockerHub
        ? [DockerHubServer, "index.docker.io", "docker.io", "registry-1.docker.io"]
        : [registry];

    private static string StripScheme(string key)
    {
        var s = key;
        foreach (var scheme in (string[])["https://", "http://"])
        {
            if (s.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                s = s[scheme.Length..];
            }
        }

        var slash = s.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? s[..slash] : s;
    }

    private static RegistryCredential? FromAuthEntry(JsonElement entry, string path, string key)
    {
        if (entry.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException ex)
            {
                throw new InvalidInputException($"{path}: auths[\"{key}\"].auth is not base64", ex);
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidInputException($"{path}: auths[\"{key}\"].auth is not base64 of user:password");
            }

            return new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]);
        }

        if (entry.TryGetProperty("username", out var user) && entry.TryGetProperty("password", out var password)
            && user.GetString() is { Length: > 0 } u && password.GetString() is { } p)
        {
            return new RegistryCredential(u, p);
        }

        return null;
    }

    private static RegistryCredential? RunHelper(string name, string serverUrl)
    {
        var program = "docker-credential-" + name;
        if (!IsOnPath(program))
        {
            return null;
        }

        var start = new ProcessStartInfo(program, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new EnvironmentException($"{program}: could not be started");
        process.StandardInput.Write(serverUrl);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new EnvironmentException($"{program} get {serverUrl}: did not answer within 30 s");
        }

        if (process.ExitCode != 0)
        {
            // "credentials not found in native keychain": the helper has nothing for this server.
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(output);
            var user = doc.RootElement.GetProperty("Username").GetString();
            var secret = doc.RootElement.GetProperty("Secret").GetString();
            return string.IsNullOrEmpty(user) || secret is null ? null : new RegistryCredential(user, secret);
        }
        catch (Exception ex) when (FileErrors.IsBadInput(ex))
        {
            // Never echo the helper's output: it carries the secret.
            throw new EnvironmentException($"{program} get {serverUrl}: answered something that is not credentials JSON", ex);
        }
    }

    private static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
