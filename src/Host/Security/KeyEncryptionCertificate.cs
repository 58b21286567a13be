using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MfaMonolith.Host.Security;

/// <summary>
/// The key-encryption key that protects the Data Protection key ring. It lives outside the database
/// (<c>Mfa:KeyEncryption:CertificatePath</c>), so a copy of the database alone reveals no TOTP secret.
/// The embedded default creates one under the data folder's <c>keys/</c>, apart from the database files.
/// </summary>
internal static class KeyEncryptionCertificate
{
    public static X509Certificate2 LoadOrCreate(IConfiguration configuration, string dataDirectory, ILogger logger)
    {
        var configuredPath = configuration["Mfa:KeyEncryption:CertificatePath"];
        var password = configuration["Mfa:KeyEncryption:CertificatePassword"];
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            if (!File.Exists(configuredPath))
                throw new InvalidOperationException($"Mfa:KeyEncryption:CertificatePath names '{configuredPath}', which does not exist.");
            return Load(configuredPath, password);
        }

        var keysDirectory = Path.Combine(dataDirectory, "keys");
        var path = Path.Combine(keysDirectory, "key-encryption.pfx");
        if (File.Exists(path))
            return Load(path, password);

        Directory.CreateDirectory(keysDirectory);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(keysDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var created = Create();
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, created.Export(X509ContentType.Pfx, password));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance sharing the data folder created it first: use theirs.
            File.Delete(temporary);
            return Load(path, password);
        }

        logger.LogWarning("Created a new key-encryption certificate at {Path}. Back it up apart from the database: without it the stored TOTP secrets cannot be read.", path);
        return Load(path, password);
    }

    private static X509Certificate2 Load(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);

    private static X509Certificate2 Create()
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=MfaMonolith key-encryption key", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(100));
    }
}
