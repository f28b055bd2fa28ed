using Gantry.Core;
using Gantry.Server.Configuration;

namespace Gantry.Server.Tests;

/// <summary>The <c>role</c> setting: its names, the command line over the environment, and one-line refusals.</summary>
public sealed class ServerRolesTests
{
    [Theory]
    [InlineData("all", ServerRoles.All)]
    [InlineData("api", ServerRoles.Api)]
    [InlineData("Worker", ServerRoles.Worker)]
    [InlineData("api, worker", ServerRoles.Api | ServerRoles.Worker)]
    [InlineData("watcher,watcher", ServerRoles.Watcher)]
    public void Should_Parse_Role_Names(string text, ServerRoles expected) => Assert.Equal(expected, ServerRoleNames.Parse(text));

    [Theory]
    [InlineData("apii", "role: 'apii' is not a role (api, worker, watcher or all)")]
    [InlineData(" , ", "role: empty (api, worker, watcher or all)")]
    [InlineData("api;worker", "role: 'api;worker' is not a role (api, worker, watcher or all)")]
    public void Should_Refuse_An_Unknown_Role_In_One_Line(string text, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidInputException>(() => ServerRoleNames.Parse(text)).Message);

    [Fact]
    public void Should_Take_The_Command_Line_Role_Over_The_Environment_And_Default_To_All()
    {
        var environment = new Dictionary<string, string> { ["GANTRY_ROLE"] = "worker", ["GANTRY_LEADER_LEASE_SECONDS"] = "9" };

        var fromEnvironment = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), environment.GetValueOrDefault);
        var fromCommandLine = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null, "api"), environment.GetValueOrDefault);
        var defaults = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), _ => null);

        Assert.Equal((ServerRoles.Worker, TimeSpan.FromSeconds(9)), (fromEnvironment.Roles, fromEnvironment.LeaderLease));
        Assert.Equal(ServerRoles.Api, fromCommandLine.Roles);
        Assert.Equal((ServerRoles.All, ServerConfig.DefaultLeaderLease), (defaults.Roles, defaults.LeaderLease));
        Assert.Throws<InvalidInputException>(() => ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), n => n == "GANTRY_LEADER_LEASE_SECONDS" ? "0" : null));
    }

    [Theory]
    [InlineData(ServerRoles.All, "all")]
    [InlineData(ServerRoles.Api | ServerRoles.Watcher, "api, watcher")]
    [InlineData(ServerRoles.Worker, "worker")]
    public void Should_Describe_Roles_In_A_Fixed_Order(ServerRoles roles, string expected) => Assert.Equal(expected, ServerRoleNames.Describe(roles));
}
