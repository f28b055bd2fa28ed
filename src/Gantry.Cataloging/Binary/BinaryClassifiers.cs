using System.Text.RegularExpressions;

namespace Gantry.Cataloging.Binary;

/// <summary>
/// The explicit list of classifiers, for software copied into images without a package manager
/// (the same products as syft's classifiers of the same names).
/// </summary>
internal static class BinaryClassifiers
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    public static IReadOnlyList<BinaryClassifier> All { get; } =
    [
        // CPython keeps PY_VERSION as a NUL-terminated string: "\03.11.2\0" in python3.11 and libpython3.11.so.
        new("python", "python", "python",
            new Regex(@"^(?:python|libpython)(?<prefix>[23]\.[0-9]+)(?:$|\.so|m|d)", Options),
            prefix => $"\0{prefix}.",
            new Regex(@"^\0(?<version>[23]\.[0-9]+\.[0-9]+(?:(?:a|b|rc)[0-9]+)?)\0", Options)),
        // node embeds its release name: "node.js/v20.11.1".
        new("node", "nodejs", "node.js",
            new Regex(@"^(?:node|nodejs|libnode\.so.*)$", Options),
            _ => "node.js/v",
            new Regex(@"^node\.js/v(?<version>[0-9]+\.[0-9]+\.[0-9]+)", Options)),
        // OPENSSL_VERSION_TEXT: "OpenSSL 3.0.11 19 Sep 2023" (1.x releases carry a letter: "1.1.1w").
        new("openssl", "openssl", "openssl",
            new Regex(@"^(?:openssl|libcrypto\.so.*|libssl\.so.*)$", Options),
            _ => "OpenSSL ",
            new Regex(@"^OpenSSL (?<version>[0-9]+\.[0-9]+\.[0-9]+[a-z]?)[ \-]", Options)),
        // The banner: "BusyBox v1.36.1 (2023-06-28 ...) multi-call binary".
        new("busybox", "busybox", "busybox",
            new Regex(@"^busybox$", Options),
            _ => "BusyBox v",
            new Regex(@"^BusyBox v(?<version>[0-9]+\.[0-9]+\.[0-9]+)", Options)),
    ];

    /// <summary>File names the classifiers read besides executables: shared libraries are not executable everywhere.</summary>
    public static IReadOnlyList<string> LibraryGlobs { get; } =
        ["**/libpython*.so*", "**/libcrypto.so*", "**/libssl.so*", "**/libnode.so*"];
}
