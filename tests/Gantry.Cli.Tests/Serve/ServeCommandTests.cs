using Gantry.TestKit;

namespace Gantry.Cli.Tests.Serve;

/// <summary>
/// <c>gantry serve --postgres</c>: a bad connection string, an unreachable server or a missing shared key is one line
/// and a documented exit code, never the password.
/// </summary>
public sealed class ServeCommandTests
{
    private static readonly Dictionary<string, string?> Key = new() { ["GANTRY_SECRET_KEY"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" };

    [Fact]
    public async Task Should_Refuse_A_Malformed_Connection_String_With_Exit_Code_2_Without_Echoing_It()
    {
        var result = await CliHarness.RunAsync(TimeProvider.System, Key, "serve", "--postgres", "Host=db;Pasword=hunter2", "--check-config");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("gantry: postgres: the connection string is not valid", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Name_An_Unreachable_Server_With_Exit_Code_3_Without_Its_Password()
    {
        var port = LoopbackPorts.Free();

        var result = await CliHarness.RunAsync(TimeProvider.System, Key,
            "serve", "--postgres", $"Host=127.0.0.1;Port={port};Database=gantry;Password=hunter2;Timeout=3", "--check-config");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"PostgreSQL 127.0.0.1:{port}/gantry: cannot use the state store: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Refuse_Postgres_Without_A_Shared_Secret_Key_With_Exit_Code_2()
    {
        var result = await CliHarness.RunAsync("serve", "--postgres", "Host=127.0.0.1;Database=gantry;Password=hunter2", "--check-config");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("gantry: secret_key: required with postgres (GANTRY_SECRET_KEY, base64 of 32 bytes)", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
