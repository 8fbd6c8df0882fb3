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

    public static IReadOnlyList<FeatureDefinitionJson> ReadEntries(string json)
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

        return document.Features;
    }
}
