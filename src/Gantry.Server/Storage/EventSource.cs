namespace Gantry.Server.Storage;

/// <summary>The <c>source</c> of every event: this service stands in for all of Anchore's, under the external API's name.</summary>
public static class EventSource
{
    public const string ServiceName = "apiext";

    public static readonly string HostId = Environment.MachineName;
}
