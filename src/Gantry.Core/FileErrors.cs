using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Gantry.Core;

/// <summary>
/// The one rule that tells a bad file from a bug while reading one. Only bad input may become a "malformed file"
/// diagnostic or a skipped record; anything else is a bug in Gantry and must surface as an internal error, not hide
/// behind a diagnostic that blames the user's file.
/// </summary>
public static class FileErrors
{
    /// <summary>The parsers whose every complaint is about the text they were given.</summary>
    private static readonly HashSet<string> ParserAssemblies = new(StringComparer.Ordinal)
    {
        "System.Text.Json", "System.Private.Xml", "YamlDotNet", "Tomlyn",
    };

    /// <summary>
    /// True when <paramref name="exception"/> says the content is not what it should be: a format, decoding or
    /// truncation error, a parser library's own exception (YAML, TOML), or a lookup a parser refused, such as
    /// <c>JsonElement.GetString()</c> on a number. The same lookup failing in Gantry's own code is a bug.
    /// </summary>
    public static bool IsBadInput(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is InvalidDataException or JsonException or XmlException or FormatException or DecoderFallbackException
                or EndOfStreamException or OverflowException
            || IsParser(exception.GetType().Assembly)
            || (exception is InvalidOperationException or KeyNotFoundException or ArgumentException
                && ThrowingAssembly(exception) is { } thrower && ParserAssemblies.Contains(thrower));
    }

    private static bool IsParser(Assembly assembly) => assembly.GetName().Name is { } name && ParserAssemblies.Contains(name);

    /// <summary>
    /// The simple name of the assembly whose method threw, from the exception's first stack frame.
    /// <see cref="DiagnosticMethodInfo"/>, not <c>Exception.TargetSite</c>: it needs no reflection metadata, so it
    /// answers the same in the Native AOT build.
    /// </summary>
    private static string? ThrowingAssembly(Exception exception) =>
        new StackTrace(exception, fNeedFileInfo: false).GetFrame(0) is { } frame
        && DiagnosticMethodInfo.Create(frame)?.DeclaringAssemblyName is { } name
            ? new AssemblyName(name).Name
            : null;
}
