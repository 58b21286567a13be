namespace MfaMonolith.SharedKernel.Identity.StepUp;

/// <summary>
/// Where a session's last verified second factor is kept: the Host's server-side session, so that every instance
/// sees it and a copied cookie cannot carry it (ADR 0015).
/// </summary>
public interface ISessionSecondFactorStore
{
    /// <summary>Records that the session <paramref name="sessionId"/> verified a second factor at <paramref name="at"/>.</summary>
    Task RecordAsync(string sessionId, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// With Mfa:StepUp:MaxAge zero: spends the session's last verified second factor for one change, if it was verified
    /// since <paramref name="verifiedSince"/> and no change spent it yet. One conditional update: exactly one of several
    /// concurrent callers wins.
    /// </summary>
    Task<bool> TrySpendAsync(string sessionId, DateTimeOffset verifiedSince, DateTimeOffset now, CancellationToken ct);
}
