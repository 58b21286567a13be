namespace MfaMonolith.SharedKernel.Identity.StepUp;

/// <summary>
/// Where a session's last verified second factor is kept: the Host's server-side session, so that every instance
/// sees it and a copied cookie cannot carry it (ADR 0015).
/// </summary>
public interface ISessionSecondFactorStore
{
    /// <summary>Records that the session <paramref name="sessionId"/> verified a second factor at <paramref name="at"/>.</summary>
    Task RecordAsync(string sessionId, DateTimeOffset at, CancellationToken ct);
}
