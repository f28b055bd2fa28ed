using System.Reflection;

namespace Gantry.Server.Ui;

/// <summary>The stylesheet and the script, embedded in the assembly: the UI needs no files beside the binary and no network.</summary>
public static class UiAssets
{
    public const string Stylesheet = UiPaths.Assets + "/ui.css";
    public const string Script = UiPaths.Assets + "/ui.js";

    private static readonly Dictionary<string, (byte[] Content, string Type)> Files = new(StringComparer.Ordinal)
    {
        ["ui.css"] = (Read("ui.css"), "text/css; charset=utf-8"),
        ["ui.js"] = (Read("ui.js"), "text/javascript; charset=utf-8"),
    };

    public static IResult Serve(HttpContext http, string name)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!Files.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(file.Content, file.Type);
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ui/" + name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
