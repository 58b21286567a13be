using Mediator;
using MfaMonolith.Modules.Audit.Contracts;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Audit.Features.QueryAuditEvents;

internal sealed class CountEventsHandler(AuditDbContext db) : IQueryHandler<CountEvents, IReadOnlyDictionary<SecurityEventType, int>>
{
    public async ValueTask<IReadOnlyDictionary<SecurityEventType, int>> Handle(CountEvents query, CancellationToken ct)
    {
        var counts = await db.Records.AsNoTracking().Where(r => r.OccurredAt >= query.Since)
            .GroupBy(r => r.Type).Select(g => new { Type = g.Key, Count = g.Count() }).ToListAsync(ct);
        return counts.Where(c => Enum.TryParse<SecurityEventType>(c.Type, out _))
            .ToDictionary(c => Enum.Parse<SecurityEventType>(c.Type), c => c.Count);
    }
}
