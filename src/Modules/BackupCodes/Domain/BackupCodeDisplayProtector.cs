using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace MfaMonolith.Modules.BackupCodes.Domain;

/// <summary>Encrypts the not-yet-acknowledged codes kept for display, download and printing.</summary>
internal sealed class BackupCodeDisplayProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("MfaMonolith.BackupCodes.Display.v1");

    public byte[] Protect(IReadOnlyList<string> codes) => protector.Protect(Encoding.ASCII.GetBytes(string.Join('\n', codes)));

    public IReadOnlyList<string> Unprotect(byte[] protectedCodes) =>
        Encoding.ASCII.GetString(protector.Unprotect(protectedCodes)).Split('\n');
}
