using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;

namespace MfaMonolith.Modules.BackupCodes.Domain;

/// <summary>
/// A user's set of ten backup codes. Only one set per user is current (not retired); a new set retires the old one
/// entirely. Until the user confirms having saved them, the codes are also kept encrypted for display, download and
/// printing (<see cref="ProtectedCodesForDisplay"/>); acknowledging erases that copy for good. Making a set and its
/// first acknowledgement raise their security events, staged by the save that writes them (ADR 0013).
/// </summary>
internal sealed class BackupCodeSet : IRaisesSecurityEvents
{
    private readonly RaisedSecurityEvents raised = new();

    private BackupCodeSet() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public byte[] Salt { get; private set; } = [];
    public int Iterations { get; private set; }
    public DateTimeOffset GeneratedAt { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public DateTimeOffset? RetiredAt { get; private set; }
    public byte[]? ProtectedCodesForDisplay { get; private set; }

    /// <summary>
    /// Made to replace a set the user had saved — outside the first setup. Showing its codes again (a reload, Download,
    /// Print) needs the session's step-up, like making it did (ADR 0015).
    /// </summary>
    public bool ReplacedSavedSet { get; private set; }
    public List<BackupCode> Codes { get; private set; } = [];

    public bool IsAcknowledged => AcknowledgedAt is not null;

    /// <param name="replacesSets">The user had a current set, which this one replaces (recorded as <c>REPLACED</c>).</param>
    public static BackupCodeSet Create(
        string userId, byte[] salt, int iterations, IReadOnlyList<byte[]> hashes, byte[] protectedCodesForDisplay, bool replacedSavedSet, DateTimeOffset now,
        bool replacesSets = false)
    {
        var set = new BackupCodeSet
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Salt = salt,
            Iterations = iterations,
            GeneratedAt = now,
            ProtectedCodesForDisplay = protectedCodesForDisplay,
            ReplacedSavedSet = replacedSavedSet,
        };
        for (var i = 0; i < hashes.Count; i++)
            set.Codes.Add(new BackupCode(Guid.CreateVersion7(now), set.Id, i, hashes[i]));
        set.raised.Raise(new SecurityEventOccurred(SecurityEventType.BackupCodesGenerated, userId, SecurityEventOccurred.UserActor(userId), now,
            Reason: replacesSets ? "REPLACED" : null, Detail: set.Id.ToString()));
        return set;
    }

    public void Acknowledge(DateTimeOffset now)
    {
        if (AcknowledgedAt is null)
        {
            raised.Raise(new SecurityEventOccurred(SecurityEventType.BackupCodesAcknowledged, UserId, SecurityEventOccurred.UserActor(UserId), now,
                Detail: Id.ToString()));
        }

        AcknowledgedAt ??= now;
        ProtectedCodesForDisplay = null;
    }

    public IReadOnlyList<RaisedSecurityEvent> TakeRaised() => raised.Take();

    public void Retire(DateTimeOffset now)
    {
        RetiredAt ??= now;
        ProtectedCodesForDisplay = null;
    }
}

internal sealed class BackupCode
{
    private BackupCode() { }

    public BackupCode(Guid id, Guid setId, int position, byte[] hash)
    {
        Id = id;
        SetId = setId;
        Position = position;
        Hash = hash;
    }

    public Guid Id { get; private set; }
    public Guid SetId { get; private set; }
    public int Position { get; private set; }
    public byte[] Hash { get; private set; } = [];
    public DateTimeOffset? SpentAt { get; private set; }
}
