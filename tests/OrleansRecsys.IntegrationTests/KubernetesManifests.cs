using OrleansRecsys.Testing;
using YamlDotNet.RepresentationModel;

namespace OrleansRecsys.IntegrationTests;

/// <summary>The documents of every file under deploy/k8s, read with a YAML parser, and small lookups over them.</summary>
internal sealed class KubernetesManifests
{
    public static readonly string Folder = Path.Combine(SiloProcess.RepoRoot(), "deploy", "k8s");

    private KubernetesManifests(List<(string File, YamlMappingNode Doc)> documents) => Documents = documents;

    public List<(string File, YamlMappingNode Doc)> Documents { get; }

    public static KubernetesManifests Load()
    {
        var documents = new List<(string, YamlMappingNode)>();
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                stream.Load(reader);
            }

            documents.AddRange(stream.Documents.Select(d => (Path.GetFileName(file), (YamlMappingNode)d.RootNode)));
        }

        return new KubernetesManifests(documents);
    }

    /// <summary>The resources of one kind, by metadata.name.</summary>
    public Dictionary<string, YamlMappingNode> OfKind(string kind) =>
        Documents.Where(d => Text(d.Doc, "kind") == kind).ToDictionary(d => Text(d.Doc, "metadata", "name")!, d => d.Doc);

    public YamlMappingNode Single(string kind, string name) =>
        OfKind(kind).TryGetValue(name, out var doc) ? doc : throw new Xunit.Sdk.XunitException($"no {kind} named {name} in deploy/k8s");

    /// <summary>The node at a path of mapping keys, or null.</summary>
    public static YamlNode? At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    public static string? Text(YamlNode node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlMappingNode> Items(YamlNode node, params string[] path) =>
        (At(node, path) as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];

    public static Dictionary<string, string> Labels(YamlNode node, params string[] path) =>
        (At(node, path) as YamlMappingNode)?.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!) ?? [];

    /// <summary>The one container of a Deployment's pod template.</summary>
    public static YamlMappingNode Container(YamlMappingNode deployment) =>
        Items(deployment, "spec", "template", "spec", "containers").Single();

    /// <summary>A container's environment: plain values, and "fieldRef:PATH" / "secret:NAME/KEY" for references.</summary>
    public static Dictionary<string, string> Environment(YamlMappingNode container) =>
        Items(container, "env").ToDictionary(e => Text(e, "name")!, e =>
            Text(e, "value") ?? (Text(e, "valueFrom", "fieldRef", "fieldPath") is { } field ? "fieldRef:" + field
                : "secret:" + Text(e, "valueFrom", "secretKeyRef", "name") + "/" + Text(e, "valueFrom", "secretKeyRef", "key")));
}
