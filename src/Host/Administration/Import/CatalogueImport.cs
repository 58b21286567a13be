using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mediator;
using MfaMonolith.Modules.ServicePolicies.Contracts;

namespace MfaMonolith.Host.Administration.Import;

/// <summary>
/// <c>import catalogue FILE</c>: Perun's <c>mfaCategories</c> —
/// <c>{"categories": {"ID": {"label": {"en": "…", "cs": "…"}, "rps": {"RP": {"en": "…"}}}}}</c>, also as the JSON string
/// Perun stores — into the ServicePolicies module through its public <see cref="ImportCatalogue"/> command, in one
/// transaction. A category that cannot be read or stored is refused alone, named with the line it starts on.
/// <c>export catalogue</c> writes the same shape.
/// </summary>
internal sealed class CatalogueImport(IServiceProvider services)
{
    /// <summary>A catalogue has tens of categories and hundreds of services; a file far larger is not one.</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 8 };

    public async Task<ImportReport> RunAsync(Stream file, ImportOptions options, TextWriter output, CancellationToken ct)
    {
        var report = new ImportReport();
        if (file.CanSeek && file.Length > MaxFileBytes)
        {
            report.Refuse(1, $"the file is larger than {MaxFileBytes / (1024 * 1024)} MiB: not a service catalogue");
            return report;
        }

        var bytes = await ReadAllAsync(file, ct);
        if (bytes is null)
        {
            report.Refuse(1, $"the file is larger than {MaxFileBytes / (1024 * 1024)} MiB: not a service catalogue");
            return report;
        }

        var (categories, fileRefusal) = Parse(bytes);
        if (fileRefusal is not null)
        {
            report.Refuse(fileRefusal.Value.Line, fileRefusal.Value.Reason);
            return report;
        }

        var readable = new List<(int Line, CategoryToImport Category)>();
        foreach (var (line, category, refusal) in categories)
        {
            if (category is null)
                report.Refuse(line, refusal!);
            else
                readable.Add((line, category));
        }

        if (readable.Count > 0)
            await SendAsync(readable, options.DryRun, report, output, ct);
        return report;
    }

    private async Task SendAsync(List<(int Line, CategoryToImport Category)> readable, bool dryRun, ImportReport report, TextWriter output, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var outcomes = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new ImportCatalogue([.. readable.Select(r => r.Category)], TokenImport.Actor, dryRun), ct);
        for (var i = 0; i < readable.Count; i++)
        {
            var (line, category) = readable[i];
            if (outcomes[i].Refusal is { } refusal)
                report.Refuse(line, $"category {category.Id}: {refusal}");
            else if (outcomes[i].Imported)
                report.CountImported();
            else
                report.CountUnchanged();
            if (outcomes[i].RemovedRelyingParties is [_, ..] removed)
                await output.WriteLineAsync($"category {category.Id}: {(dryRun ? "would remove" : "removed")} {string.Join(", ", removed)} (not in the file)");
        }
    }

    private static async Task<byte[]?> ReadAllAsync(Stream file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Each category read, or why not, with the line it starts on; or why the file is not a catalogue at all.</summary>
    internal static (List<(int Line, CategoryToImport? Category, string? Refusal)> Categories, (int Line, string Reason)? FileRefusal) Parse(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, ReadOptions);
        }
        catch (JsonException e)
        {
            // The parser's message may quote the file; its position is enough to find the fault.
            return ([], ((int)(e.LineNumber ?? 0) + 1, "not valid JSON (a truncated or broken file)"));
        }

        using (document)
        {
            var root = document.RootElement;
            // Perun keeps the attribute's value as a JSON string: one line, whatever it holds.
            if (root.ValueKind == JsonValueKind.String)
            {
                try
                {
                    using var inner = JsonDocument.Parse(root.GetString()!, ReadOptions);
                    var (categories, refusal) = Read(inner.RootElement);
                    return ([.. categories.Select(c => (1, c.Category, c.Refusal))], refusal);
                }
                catch (JsonException)
                {
                    return ([], (1, "the string is not valid JSON"));
                }
            }

            var read = Read(root);
            var lines = CategoryLines(bytes);
            return ([.. read.Categories.Select((c, i) => (lines.Count == read.Categories.Count ? lines[i] : 1, c.Category, c.Refusal))], read.FileRefusal);
        }
    }

    private static (List<(CategoryToImport? Category, string? Refusal)> Categories, (int Line, string Reason)? FileRefusal) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("categories", out var categories) || categories.ValueKind != JsonValueKind.Object)
            return ([], (1, "not Perun's mfaCategories: expected {\"categories\": {…}}"));
        var read = new List<(CategoryToImport?, string?)>();
        // A category twice is a broken export: which of the two is meant, nobody can tell.
        var named = categories.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var property in categories.EnumerateObject())
        {
            var (category, refusal) = named[property.Name] > 1 ? (null, "named more than once in the file") : ReadCategory(property.Name, property.Value);
            read.Add((category, refusal is null ? null : $"category {Clip(property.Name)}: {refusal}"));
        }

        return (read, null);
    }

    private static (CategoryToImport? Category, string? Refusal) ReadCategory(string id, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            return (null, "not an object");
        var unknown = value.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => name is not ("label" or "rps"));
        if (unknown is not null)
            return (null, $"unknown key {Clip(unknown)} (expected label and rps)");
        var (labels, labelRefusal) = value.TryGetProperty("label", out var label) ? ReadLabels(label) : ([], null);
        if (labelRefusal is not null)
            return (null, "label: " + labelRefusal);
        var relyingParties = new List<RelyingPartyToImport>();
        if (value.TryGetProperty("rps", out var rps))
        {
            if (rps.ValueKind != JsonValueKind.Object)
                return (null, "rps is not an object");
            foreach (var rp in rps.EnumerateObject())
            {
                var (rpLabels, rpRefusal) = ReadLabels(rp.Value);
                if (rpRefusal is not null)
                    return (null, $"service {Clip(rp.Name)}: {rpRefusal}");
                relyingParties.Add(new RelyingPartyToImport(rp.Name, rpLabels));
            }
        }

        return (new CategoryToImport(id, labels, relyingParties), null);
    }

    /// <summary><c>{"en": "…", "cs": "…"}</c>, or one string (the default language's).</summary>
    private static (Dictionary<string, string> Labels, string? Refusal) ReadLabels(JsonElement value)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value.ValueKind == JsonValueKind.String)
        {
            labels[CategoryToImport.DefaultLanguage] = value.GetString()!;
            return (labels, null);
        }

        if (value.ValueKind != JsonValueKind.Object)
            return (labels, "labels must be an object of language → label");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                return (labels, $"the {Clip(entry.Name)} label is not a string");
            if (!labels.TryAdd(entry.Name, entry.Value.GetString()!))
                return (labels, $"the language {Clip(entry.Name)} is given twice");
        }

        return (labels, null);
    }

    /// <summary>The line each category starts on: the property names one level inside "categories".</summary>
    private static List<int> CategoryLines(byte[] bytes)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 8 });
        var inCategories = false;
        var line = 1;
        long counted = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
                continue;
            if (reader.CurrentDepth == 1)
                inCategories = reader.ValueTextEquals("categories");
            else if (reader.CurrentDepth == 2 && inCategories)
            {
                for (; counted < reader.TokenStartIndex; counted++)
                {
                    if (bytes[counted] == (byte)'\n')
                        line++;
                }

                lines.Add(line);
            }
        }

        return lines;
    }

    private static string Clip(string value) => value.Length <= 80 ? value : value[..80] + "…";

    /// <summary><c>export catalogue</c>: the shape <see cref="Parse"/> reads, labels per language included.</summary>
    public async Task ExportAsync(TextWriter output, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var catalogue = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExportCatalogue(), ct);
        using var json = new MemoryStream();
        // Readable labels (Czech stays Czech): this is a file for admins and Perun, never HTML.
        await using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, catalogue);
        }

        await output.WriteLineAsync(Encoding.UTF8.GetString(json.ToArray()).AsMemory(), ct);
    }

    private static void Write(Utf8JsonWriter writer, IReadOnlyList<CategoryToImport> catalogue)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("categories");
        foreach (var category in catalogue)
        {
            writer.WriteStartObject(category.Id);
            WriteLabels(writer, "label", category.Labels);
            writer.WriteStartObject("rps");
            foreach (var rp in category.RelyingParties)
                WriteLabels(writer, rp.Id, rp.Labels);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> labels)
    {
        writer.WriteStartObject(name);
        foreach (var (language, label) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            writer.WriteString(language, label);
        writer.WriteEndObject();
    }
}
