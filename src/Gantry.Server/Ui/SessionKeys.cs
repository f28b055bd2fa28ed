using System.Xml.Linq;
using Gantry.Server.Security;
using Gantry.Server.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Ui;

/// <summary>
/// Where ASP.NET Core data protection keeps the keys that sign and encrypt the UI's session cookies and form tokens: in
/// the state store, so a cookie one process issued is accepted by every process on the same store and after a restart.
/// Each key is sealed with the service's <see cref="SecretBox"/> (the key registry passwords are sealed with, shared by
/// every process of a PostgreSQL store) before it is stored; nothing of a key is ever logged.
/// </summary>
public static class SessionKeys
{
    /// <summary>The same name in every process, so they read each other's cookies.</summary>
    public const string ApplicationName = "gantry-ui";

    public static IServiceCollection AddSessionKeys(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(s => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            options.XmlRepository = new StoreXmlRepository(s.GetRequiredService<IStateStore>());
            options.XmlEncryptor = new SealingXmlEncryptor(s.GetRequiredService<SecretBox>());
        }));
        return services;
    }

    /// <summary>The key ring as rows of the state store.</summary>
    private sealed class StoreXmlRepository(IStateStore store) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => store.ListDataProtectionKeys().Select(XElement.Parse).ToList();

        public void StoreElement(XElement element, string friendlyName) =>
            store.AddDataProtectionKey(friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }

    /// <summary>Seals a key's XML as <c>&lt;sealed&gt;base64&lt;/sealed&gt;</c>; <see cref="SealedXmlDecryptor"/> opens it.</summary>
    private sealed class SealingXmlEncryptor(SecretBox secrets) : IXmlEncryptor
    {
        public EncryptedXmlInfo Encrypt(XElement plaintextElement)
        {
            ArgumentNullException.ThrowIfNull(plaintextElement);
            var sealedXml = secrets.Seal(plaintextElement.ToString(SaveOptions.DisableFormatting));
            return new EncryptedXmlInfo(new XElement("sealed", Convert.ToBase64String(sealedXml)), typeof(SealedXmlDecryptor));
        }
    }
}

/// <summary>Opens what the sealing encryptor wrote; made by data protection with the service's container, hence public.</summary>
public sealed class SealedXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        return XElement.Parse(services.GetRequiredService<SecretBox>().Open(Convert.FromBase64String(encryptedElement.Value)));
    }
}
