using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansRecsys.Features.CatalogLoading;

/// <summary>First step of loading a catalogue: the text becomes entries, or a message saying why it cannot.</summary>
internal static class CatalogDocumentReader
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The largest version a catalogue may declare: far beyond any real history, short of overflow.</summary>
    public const int MaxVersion = 1_000_000;

    public static CatalogDocument Read(string json)
    {
        CatalogJson? document;
        try
        {
            document = JsonSerializer.Deserialize<CatalogJson>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new CatalogException($"feature catalogue is not valid JSON: {ex.Message}");
        }

        if (document is null || document.Features.Count == 0)
        {
            throw new CatalogException("feature catalogue declares no features");
        }

        var version = document.Version ?? 1;
        if (version is < 1 or > MaxVersion)
        {
            throw new CatalogException($"feature catalogue, field 'version': must be 1..{MaxVersion} (got {version})");
        }

        return new CatalogDocument(version, document.Features);
    }
}
