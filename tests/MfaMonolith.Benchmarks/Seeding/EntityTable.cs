using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MfaMonolith.Benchmarks.Seeding;

/// <summary>
/// An entity's table as the module's own EF Core model maps it: the table, every column, and each column's value in
/// the provider's form (the model's value converters applied: timestamps as Unix milliseconds on SQLite, enums as
/// numbers, lists as JSON). The bulk writers insert rows from it, so a column the module adds comes along by itself.
/// </summary>
internal sealed class EntityTable
{
    private EntityTable(string? schema, string name, IReadOnlyList<Column> columns)
    {
        Schema = schema;
        Name = name;
        Columns = columns;
    }

    public string? Schema { get; }

    public string Name { get; }

    public IReadOnlyList<Column> Columns { get; }

    /// <param name="fixedValues">
    /// Properties written with the value given instead of the entity's: a state the entity reaches only through the
    /// database (a token's activation is a conditional UPDATE, <c>TokenSteps.TryActivateAsync</c>).
    /// </param>
    public static EntityTable Of<TEntity>(DbContext db, IReadOnlyDictionary<string, object?>? fixedValues = null)
    {
        var entityType = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in {db.GetType().Name}'s model.");
        var name = entityType.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no table.");
        var table = StoreObjectIdentifier.Table(name, entityType.GetSchema());
        var columns = entityType.GetProperties().Select(property =>
        {
            var getter = property.GetGetter();
            Func<object, object?> read = fixedValues?.TryGetValue(property.Name, out var value) == true
                ? _ => value
                : getter.GetClrValueUsingContainingEntity;
            return new Column(property.GetColumnName(table) ?? property.Name, property.GetColumnType(table), property.GetRelationalTypeMapping(), read);
        }).ToList();
        return new EntityTable(entityType.GetSchema(), name, columns);
    }

    /// <summary>A column: its name, its store type (e.g. <c>character varying(256)</c>), and how to read its value.</summary>
    internal sealed class Column(string name, string storeType, RelationalTypeMapping mapping, Func<object, object?> read)
    {
        public string Name => name;

        public string StoreType => storeType;

        public RelationalTypeMapping Mapping => mapping;

        /// <summary>The value as the provider stores it; <see cref="DBNull"/> for null.</summary>
        public object ProviderValue(object entity)
        {
            var value = read(entity);
            if (value is null)
                return DBNull.Value;
            if (mapping.Converter is { } converter)
                return converter.ConvertToProvider(value) ?? DBNull.Value;
            return value is Enum ? Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), System.Globalization.CultureInfo.InvariantCulture) : value;
        }
    }
}
