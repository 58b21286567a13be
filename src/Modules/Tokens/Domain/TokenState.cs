namespace MfaMonolith.Modules.Tokens.Domain;

internal enum TokenState
{
    /// <summary>Secret shown, first code not yet verified; expires after the pending lifetime.</summary>
    Pending = 0,
    Active = 1,
    /// <summary>Removed by its owner or an admin; kept for the record, never accepted again.</summary>
    Removed = 2,
    /// <summary>A pending enrolment that was never verified in time.</summary>
    Expired = 3,
}
