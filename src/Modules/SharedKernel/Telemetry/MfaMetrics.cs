using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MfaMonolith.SharedKernel.Telemetry;

/// <summary>
/// What an operator watches (issue 12): the ProxyIdP's operations, verification outcomes, lock-outs and the outbox.
/// Tags are closed sets (a schema field, a method, a reason, a module), never a user id, a relying party or a code.
/// Read it with <c>dotnet-counters monitor -n MfaMonolith.Host --counters MfaMonolith</c>, or by OTLP when
/// <c>Mfa:Telemetry:OtlpEndpoint</c> is set.
/// </summary>
public sealed class MfaMetrics : IDisposable
{
    public const string MeterName = "MfaMonolith";

    private readonly Meter meter;
    private readonly Counter<long> graphQLRequests;
    private readonly Histogram<double> graphQLDuration;
    private readonly Counter<long> verifications;
    private readonly Counter<long> lockouts;
    private readonly ConcurrentDictionary<string, OutboxState> outboxes = new(StringComparer.Ordinal);

    public MfaMetrics(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
        graphQLRequests = meter.CreateCounter<long>("mfa.graphql.requests", "{request}", "GraphQL requests, by top-level field and outcome.");
        graphQLDuration = meter.CreateHistogram<double>("mfa.graphql.duration", "s", "Time to answer a GraphQL request, by top-level field and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        verifications = meter.CreateCounter<long>("mfa.verifications", "{verification}", "Second-factor verifications, by method, outcome and reason.");
        lockouts = meter.CreateCounter<long>("mfa.lockouts", "{lockout}", "Lock-outs applied after too many wrong codes.");
        meter.CreateObservableGauge("mfa.outbox.backlog", () => Observe(o => (long)o.Backlog), "{event}", "Security events staged in a module's outbox and not yet delivered.");
        meter.CreateObservableGauge("mfa.outbox.oldest_age", () => Observe(o => o.OldestAge.TotalSeconds), "s", "Age of the oldest undelivered security event in a module's outbox (0 when empty).");
    }

    /// <summary>One GraphQL request: <paramref name="field"/> is the one top-level field, or "multiple", or "none".</summary>
    public void GraphQLRequest(string field, bool succeeded, TimeSpan duration)
    {
        var tags = new TagList { { "mfa.graphql.field", field }, { "mfa.outcome", succeeded ? "ok" : "error" } };
        graphQLRequests.Add(1, tags);
        graphQLDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>One verification: <paramref name="reason"/> is null when accepted, else the failure reason.</summary>
    public void Verification(string method, string? reason) =>
        verifications.Add(1, new TagList { { "mfa.method", method }, { "mfa.outcome", reason is null ? "accepted" : "rejected" }, { "mfa.reason", reason ?? "NONE" } });

    public void Lockout() => lockouts.Add(1);

    /// <summary>What a module's outbox sweeper saw in its last round.</summary>
    public void OutboxObserved(string module, int backlog, TimeSpan oldestAge) =>
        outboxes[module] = new OutboxState(backlog, oldestAge < TimeSpan.Zero ? TimeSpan.Zero : oldestAge);

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<T>> Observe<T>(Func<OutboxState, T> value)
        where T : struct =>
        outboxes.Select(o => new Measurement<T>(value(o.Value), new KeyValuePair<string, object?>("mfa.module", o.Key)));

    private sealed record OutboxState(int Backlog, TimeSpan OldestAge);
}
