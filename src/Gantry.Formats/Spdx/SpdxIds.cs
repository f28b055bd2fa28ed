using System.Security.Cryptography;
using System.Text;
using Gantry.Core;

namespace Gantry.Formats.Spdx;

/// <summary>SPDX element ids: <c>SPDXRef-</c> plus only letters, digits, '.' and '-', stable for the same package.</summary>
internal static class SpdxIds
{
    public const string Document = "SPDXRef-DOCUMENT";
    public const string Image = "SPDXRef-DocumentRoot-Image";
    public const string OperatingSystem = "SPDXRef-OperatingSystem";

    /// <summary><c>SPDXRef-Package-TYPE-NAME-HASH</c>, the hash (of the document-unique reference) keeps ids distinct.</summary>
    public static string ForPackage(Package package, string reference) =>
        $"SPDXRef-Package-{Sanitize(package.Type.ToWireName())}-{Sanitize(package.Name)}-{ShortHash(reference)}";

    /// <summary><c>LicenseRef-NAME</c> for a license that is not on the SPDX list, with a hash when sanitizing lost characters.</summary>
    public static string ForLicense(string name)
    {
        var sanitized = Sanitize(name);
        return sanitized == name ? "LicenseRef-" + sanitized : $"LicenseRef-{sanitized}-{ShortHash(name)[..8]}";
    }

    private static string ShortHash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];

    private static string Sanitize(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        }

        return sb.ToString();
    }
}
