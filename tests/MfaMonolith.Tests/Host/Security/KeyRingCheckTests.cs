using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.PostgreSql;

namespace MfaMonolith.Tests.Host.Security;

/// <summary>An instance whose key-encryption certificate cannot read the key ring refuses to start (ADR 0005).</summary>
public sealed class KeyRingCheckTests
{
    [Fact]
    public async Task A_data_folder_whose_keys_another_certificate_encrypted_refuses_to_start()
    {
        var certificates = Path.Combine(Path.GetTempPath(), "mfa-tests", "kek-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = new MfaAppFactory { KeepDataWhenDisposed = true };
            first.Settings["Mfa:KeyEncryption:CertificatePath"] = TwoInstances.CreateKeyEncryptionCertificate(Path.Combine(certificates, "a"));
            using (var browser = first.CreateBrowserLikeClient())
            {
                // A sign-in form protects an antiforgery token, so the key ring has a key by now.
                (await browser.GetAsync(new Uri("/signin", UriKind.Relative))).EnsureSuccessStatusCode();
            }

            first.Dispose();
            using var restarted = new MfaAppFactory(first);
            restarted.Settings["Mfa:KeyEncryption:CertificatePath"] = TwoInstances.CreateKeyEncryptionCertificate(Path.Combine(certificates, "b"));

            var refusal = Should.Throw<Exception>(() => restarted.Services);

            Messages(refusal).ShouldContain("Mfa:KeyEncryption:CertificatePath");
        }
        finally
        {
            try { Directory.Delete(certificates, recursive: true); } catch (IOException) { }
        }
    }

    private static string Messages(Exception? exception)
    {
        var messages = new List<string>();
        for (; exception is not null; exception = exception.InnerException)
            messages.Add($"{exception.GetType().Name}: {exception.Message}");
        return string.Join("\n", messages);
    }
}
