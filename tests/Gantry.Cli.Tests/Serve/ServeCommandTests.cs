using Gantry.TestKit;
using Gantry.TestKit.Registry;

namespace Gantry.Cli.Tests.Serve;

/// <summary><c>gantry serve --postgres</c>: a bad connection string or an unreachable server is one line and a documented exit code, never the password.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Should_Refuse_A_Malformed_Connection_String_With_Exit_Code_2_Without_Echoing_It()
    {
        var result = await CliHarness.RunAsync("serve", "--postgres", "Host=db;Pasword=hunter2", "--check-config");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("gantry: postgres: the connection string is not valid", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Name_An_Unreachable_Server_With_Exit_Code_3_Without_Its_Password()
    {
        var port = LocalRegistry.FreePort();

        var result = await CliHarness.RunAsync("serve", "--postgres", $"Host=127.0.0.1;Port={port};Database=gantry;Password=hunter2;Timeout=3", "--check-config");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"PostgreSQL 127.0.0.1:{port}/gantry: cannot use the state store: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
