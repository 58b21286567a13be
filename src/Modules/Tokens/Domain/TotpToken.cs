using MfaMonolith.SharedKernel.Errors;

namespace MfaMonolith.Modules.Tokens.Domain;

/// <summary>
/// A TOTP verification-code token of one user. The secret is stored only encrypted (<see cref="ProtectedSecret"/>).
/// <see cref="LastUsedStep"/> is the highest time step ever accepted: a code of that step or an earlier one is a
/// replay. Accepting a step is a conditional update in the database (see <c>TokenSteps</c>), never read-then-write.
/// </summary>
internal sealed class TotpToken
{
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    private TotpToken() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Description { get; private set; } = "";
    public byte[] ProtectedSecret { get; private set; } = [];
    public TokenState State { get; private set; }
    public int Digits { get; private set; }
    public int PeriodSeconds { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset PendingUntil { get; private set; }
    public DateTimeOffset? ActivatedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public long LastUsedStep { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }

    public static TotpToken BeginEnrollment(string userId, string description, byte[] protectedSecret, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        Description = description.Trim(),
        ProtectedSecret = protectedSecret,
        State = TokenState.Pending,
        Digits = TotpAlgorithm.DefaultDigits,
        PeriodSeconds = TotpAlgorithm.DefaultPeriodSeconds,
        CreatedAt = now,
        PendingUntil = now + PendingLifetime,
        LastUsedStep = -1,
    };

    public bool HasPendingExpired(DateTimeOffset now) => State == TokenState.Pending && now >= PendingUntil;

    public void Expire(DateTimeOffset now)
    {
        if (State != TokenState.Pending)
            return;
        State = TokenState.Expired;
        EndedAt = now;
    }

    public void Rename(string description)
    {
        if (State != TokenState.Active)
            throw new AppException(ErrorCodes.NotFound, "No such token.");
        Description = description.Trim();
    }

    public void Remove(DateTimeOffset now)
    {
        if (State != TokenState.Active)
            throw new AppException(ErrorCodes.NotFound, "No such token.");
        State = TokenState.Removed;
        EndedAt = now;
    }
}
