using System.Text.RegularExpressions;

namespace Gantry.Cataloging.Binary;

/// <summary>
/// The explicit list of classifiers, for software copied into images without a package manager
/// (the same products as syft's classifiers of the same names). The patterns are compiled at build time
/// (<see cref="GeneratedRegexAttribute"/>): every scan builds the cataloger list before it reads the image.
/// </summary>
internal static partial class BinaryClassifiers
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>
    /// Built on first use, not with <see cref="LibraryGlobs"/>: every scan asks for the globs when it builds the cataloger
    /// list, but only a scan that reads an executable needs the classifiers (a warm cache scan often reads none).
    /// </summary>
    public static IReadOnlyList<BinaryClassifier> All => Registered.List;

    /// <summary>File names the classifiers read besides executables: shared libraries are not executable everywhere.</summary>
    public static IReadOnlyList<string> LibraryGlobs { get; } =
        ["**/libpython*.so*", "**/libcrypto.so*", "**/libssl.so*", "**/libnode.so*"];

    private static class Registered
    {
        public static readonly IReadOnlyList<BinaryClassifier> List =
        [
            // CPython keeps PY_VERSION as a NUL-terminated string: "\03.11.2\0" in python3.11 and libpython3.11.so.
            new("python", "python", "python",
                PythonName(),
                prefix => $"\0{prefix}.",
                PythonVersion()),
            // node embeds its release name: "node.js/v20.11.1".
            new("node", "nodejs", "node.js",
                NodeName(),
                _ => "node.js/v",
                NodeVersion()),
            // OPENSSL_VERSION_TEXT: "OpenSSL 3.0.11 19 Sep 2023" (1.x releases carry a letter: "1.1.1w").
            new("openssl", "openssl", "openssl",
                OpenSslName(),
                _ => "OpenSSL ",
                OpenSslVersion()),
            // The banner: "BusyBox v1.36.1 (2023-06-28 ...) multi-call binary".
            new("busybox", "busybox", "busybox",
                BusyBoxName(),
                _ => "BusyBox v",
                BusyBoxVersion()),
        ];
    }

    [GeneratedRegex(@"^(?:python|libpython)(?<prefix>[23]\.[0-9]+)(?:$|\.so|m|d)", Options)]
    private static partial Regex PythonName();

    [GeneratedRegex(@"^\0(?<version>[23]\.[0-9]+\.[0-9]+(?:(?:a|b|rc)[0-9]+)?)\0", Options)]
    private static partial Regex PythonVersion();

    [GeneratedRegex(@"^(?:node|nodejs|libnode\.so.*)$", Options)]
    private static partial Regex NodeName();

    [GeneratedRegex(@"^node\.js/v(?<version>[0-9]+\.[0-9]+\.[0-9]+)", Options)]
    private static partial Regex NodeVersion();

    [GeneratedRegex(@"^(?:openssl|libcrypto\.so.*|libssl\.so.*)$", Options)]
    private static partial Regex OpenSslName();

    [GeneratedRegex(@"^OpenSSL (?<version>[0-9]+\.[0-9]+\.[0-9]+[a-z]?)[ \-]", Options)]
    private static partial Regex OpenSslVersion();

    [GeneratedRegex(@"^busybox$", Options)]
    private static partial Regex BusyBoxName();

    [GeneratedRegex(@"^BusyBox v(?<version>[0-9]+\.[0-9]+\.[0-9]+)", Options)]
    private static partial Regex BusyBoxVersion();
}
