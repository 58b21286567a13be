using Mediator;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.GetPendingEnrollment;

/// <summary>The user's unfinished enrolment, so a reload or a new sign-in resumes where it stopped.</summary>
internal sealed record GetMyPendingEnrollment(string UserId) : IQuery<PendingEnrollmentView?>;

internal sealed class GetMyPendingEnrollmentHandler(
    TokensDbContext db, TotpSecretProtector protector, PendingEnrollmentViewFactory views, TimeProvider clock)
    : IQueryHandler<GetMyPendingEnrollment, PendingEnrollmentView?>
{
    public async ValueTask<PendingEnrollmentView?> Handle(GetMyPendingEnrollment query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = await db.Tokens.AsNoTracking()
            .Where(t => t.UserId == query.UserId && t.State == TokenState.Pending && t.PendingUntil > now)
            .OrderByDescending(t => t.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return token is null ? null : views.Create(token, protector.Unprotect(token.ProtectedSecret));
    }
}
