using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Host.Security;

/// <summary>
/// At start, before anything can protect data: every key of the shared Data Protection key ring must decrypt with this
/// instance's key-encryption certificate. An instance with another certificate would otherwise see no usable key, add
/// one that the other instances cannot read, and from then on the instances would reject each other's cookies and
/// stored secrets. It refuses to start instead. On an empty ring it creates the first key itself.
/// </summary>
internal static class KeyRingCheck
{
    /// <summary>
    /// Runs as the Host database's seed, so on PostgreSQL under the migration lock: of instances starting together on
    /// an empty ring, the first creates the key and every later one checks it (none can add a key of its own).
    /// </summary>
    public static Task EnsureReadableAsync(IServiceProvider services, X509Certificate2 certificate)
    {
        var keyManager = services.GetRequiredService<IKeyManager>();
        var keys = keyManager.GetAllKeys();
        foreach (var key in keys)
        {
            try
            {
                // The key material is decrypted on first access to the descriptor.
                _ = key.Descriptor;
            }
            catch (Exception ex) when (ex is CryptographicException or InvalidOperationException or FormatException or XmlException)
            {
                throw new InvalidOperationException(
                    $"The Data Protection key {key.KeyId} in the shared key ring cannot be decrypted with the key-encryption certificate " +
                    $"{certificate.Subject} (thumbprint {certificate.Thumbprint}, Mfa:KeyEncryption:CertificatePath). Every instance on one database must use the same certificate: " +
                    "give this instance the certificate the others use. It refuses to start rather than add a key the other instances cannot read.",
                    ex);
            }
        }

        if (keys.Count == 0)
        {
            // The key ring judges activation and expiry by the real clock, not by the injected TimeProvider.
            var now = DateTimeOffset.UtcNow;
            keyManager.CreateNewKey(now, now + services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime);
        }

        return Task.CompletedTask;
    }
}
