using System.Reflection;

namespace Gantry.Formats.Common;

/// <summary>The tool named as the author of every document Gantry writes.</summary>
public static class ToolInfo
{
    public const string Name = "gantry";

    /// <summary>The assembly's informational version without the source-revision suffix.</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
