using Microsoft.AspNetCore.DataProtection;

namespace MfaMonolith.Modules.Tokens.Domain;

/// <summary>Encrypts TOTP secrets at rest with the shared Data Protection key ring.</summary>
internal sealed class TotpSecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("MfaMonolith.Tokens.TotpSecret.v1");

    public byte[] Protect(byte[] secret) => protector.Protect(secret);

    public byte[] Unprotect(byte[] protectedSecret) => protector.Unprotect(protectedSecret);
}
