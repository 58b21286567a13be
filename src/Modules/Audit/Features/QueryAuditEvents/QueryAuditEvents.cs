using System.Globalization;
using FluentValidation;
using Mediator;
using MfaMonolith.Modules.Audit.Domain;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Audit.Features.QueryAuditEvents;

/// <summary>The audit log, newest first by occurredAt (then by id), filtered and paged by an opaque cursor.</summary>
internal sealed record QueryAuditEvents(
    string? UserId, SecurityEventType? Type, string? RelyingParty, DateTimeOffset? From, DateTimeOffset? To, int First, string? After)
    : IQuery<AuditEventPage>;

internal sealed record AuditEventPage(IReadOnlyList<AuditRecord> Nodes, bool HasNextPage, string? EndCursor, int TotalCount);

internal sealed class QueryAuditEventsValidator : AbstractValidator<QueryAuditEvents>
{
    public const int MaxPageSize = 100;

    public QueryAuditEventsValidator()
    {
        RuleFor(q => q.First).InclusiveBetween(1, MaxPageSize).WithMessage($"first must be between 1 and {MaxPageSize}.");
        RuleFor(q => q.After).Must(after => after is null || Cursor.TryRead(after, out _)).WithMessage("after is not a cursor this server gave out.");
        RuleFor(q => q).Must(q => q.From is null || q.To is null || q.From <= q.To).WithMessage("from must not be later than to.");
    }
}

internal sealed class QueryAuditEventsHandler(AuditDbContext db) : IQueryHandler<QueryAuditEvents, AuditEventPage>
{
    public async ValueTask<AuditEventPage> Handle(QueryAuditEvents query, CancellationToken ct)
    {
        var records = db.Records.AsNoTracking();
        if (query.UserId is not null)
            records = records.Where(r => r.UserId == query.UserId);
        if (query.Type is { } type)
        {
            var name = type.ToString();
            records = records.Where(r => r.Type == name);
        }

        if (query.RelyingParty is not null)
            records = records.Where(r => r.RelyingParty == query.RelyingParty);
        if (query.From is { } from)
            records = records.Where(r => r.OccurredAt >= from);
        if (query.To is { } to)
            records = records.Where(r => r.OccurredAt <= to);

        var total = await records.CountAsync(ct);
        // Newest first by when it occurred, not by when it was recorded: events from outboxes arrive out of order (a
        // spend committed after a verification that occurred later). The id breaks ties, so paging is stable.
        if (query.After is not null && Cursor.TryRead(query.After, out var after))
            records = records.Where(r => r.OccurredAt < after.OccurredAt || (r.OccurredAt == after.OccurredAt && r.Id < after.Id));
        var page = await records.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.Id).Take(query.First + 1).ToListAsync(ct);
        var hasNext = page.Count > query.First;
        if (hasNext)
            page.RemoveAt(page.Count - 1);
        return new AuditEventPage(page, hasNext, page.Count > 0 ? Cursor.Write(page[^1]) : null, total);
    }
}

/// <summary>Cursors are opaque to clients; inside they are the last record's time (in ticks, exact on both providers) and id.</summary>
internal static class Cursor
{
    private const string Prefix = "audit:";

    public static string Write(AuditRecord last) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{last.OccurredAt.UtcTicks}:{last.Id}")));

    public static bool TryRead(string cursor, out (DateTimeOffset OccurredAt, long Id) after)
    {
        after = default;
        try
        {
            var text = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(cursor));
            if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text[Prefix.Length..].Split(':') is not [var ticks, var id])
                return false;
            if (!long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var utcTicks) || utcTicks > DateTimeOffset.MaxValue.UtcTicks
                || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var recordId))
                return false;
            after = (new DateTimeOffset(utcTicks, TimeSpan.Zero), recordId);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
