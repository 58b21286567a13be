using System.Collections.Concurrent;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

/// <summary>
/// What a change in one module means for another (the first token turns MFA on; a removed token may turn it off): an
/// integration event that rides in the outbox row of the security event recording the change, so both commit in the
/// change's transaction and are delivered together, at least once (ADR 0013). Its handlers must be idempotent.
/// </summary>
public interface IConsequence : INotification;

/// <summary>
/// The consequence types, by a stable name stored in the outbox (never a CLR type name from the row, so a row can
/// only ever become one of these). Each producing module registers its own with <see cref="ConsequenceRegistration"/>.
/// </summary>
public sealed class ConsequenceTypes
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, Type> byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> byType = new();

    public void Add(string name, Type type)
    {
        byName[name] = type;
        byType[type] = name;
    }

    public (string Name, string Payload) Serialize(IConsequence consequence) =>
        byType.TryGetValue(consequence.GetType(), out var name)
            ? (name, JsonSerializer.Serialize(consequence, consequence.GetType(), Json))
            : throw new InvalidOperationException($"{consequence.GetType().Name} is not a registered consequence (AddConsequence).");

    public IConsequence Deserialize(string name, string payload) =>
        byName.TryGetValue(name, out var type)
            ? (IConsequence)(JsonSerializer.Deserialize(payload, type, Json) ?? throw new InvalidOperationException($"Consequence {name} has an empty payload."))
            : throw new InvalidOperationException($"The outbox holds a consequence '{name}' that no module registers.");
}

public static class ConsequenceRegistration
{
    /// <summary>Lets the outbox carry <typeparamref name="TConsequence"/>, stored under <paramref name="name"/>.</summary>
    public static IServiceCollection AddConsequence<TConsequence>(this IServiceCollection services, string name)
        where TConsequence : IConsequence
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(ConsequenceTypes))?.ImplementationInstance as ConsequenceTypes;
        var types = existing ?? new ConsequenceTypes();
        if (existing is null)
            services.AddSingleton(types);
        types.Add(name, typeof(TConsequence));
        return services;
    }
}

/// <summary>
/// A seam for the tests: consulted after the commit, before delivery. When it says so, delivery does not happen, as
/// if the instance had died right after the commit; the sweeper (of this or any instance) delivers the rows later.
/// Not registered in the product.
/// </summary>
public interface IOutboxDeliveryInterruption
{
    bool InterruptAfterCommit();
}
