using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MfaMonolith.SharedKernel.Persistence;

/// <summary>
/// A compiled query for the hot path, compiled once per model: EF refuses to run a compiled query against a model other
/// than the one it was compiled for, and one process may hold several (SQLite and PostgreSQL, side by side in the tests).
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> queries = [];

    public TQuery For(DbContext context) => queries.GetValue(context.Model, _ => compile());
}
