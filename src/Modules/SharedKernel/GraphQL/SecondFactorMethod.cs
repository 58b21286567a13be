using GraphQL.Types;

namespace MfaMonolith.SharedKernel.GraphQL;

/// <summary>The second factors a user can present; one GraphQL enum shared by the ProxyIdP contract and the audit log.</summary>
public enum SecondFactorMethod
{
    Totp,
    BackupCode,
    /// <summary>A security key or passkey; "WEBAUTHN" in GraphQL.</summary>
    Webauthn,
}

public sealed class SecondFactorMethodType : EnumerationGraphType<SecondFactorMethod>
{
    public SecondFactorMethodType() => Name = "SecondFactorMethod";

    /// <summary>The method named in a security event ("TOTP", "BACKUP_CODE", "WEBAUTHN"), or null.</summary>
    public static SecondFactorMethod? Parse(string? method) => method switch
    {
        "TOTP" => SecondFactorMethod.Totp,
        "BACKUP_CODE" => SecondFactorMethod.BackupCode,
        "WEBAUTHN" => SecondFactorMethod.Webauthn,
        _ => null,
    };
}
