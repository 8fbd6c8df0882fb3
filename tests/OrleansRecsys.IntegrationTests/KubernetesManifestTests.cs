using System.Reflection;
using Orleans.Hosting.Kubernetes;
using OrleansRecsys.Api;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Security;
using OrleansRecsys.Silo;
using static OrleansRecsys.IntegrationTests.KubernetesManifests;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// deploy/k8s read with a YAML parser (no cluster and no kubectl here): what is validated is the manifests' own
/// consistency and their agreement with the code — file list, names and selectors, every setting the pods pass,
/// what Orleans' Kubernetes hosting reads, probes, drain and grace against the stop budget, the role's verbs, that
/// the Orleans ports open to grid pods only, and that the pods serve HTTPS with no plaintext switch. Not validated: the schema of each kind against a real API server.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string Silo = "recsys-silo";
    private const string Gateway = "recsys-gateway";
    private readonly KubernetesManifests _k8s = Load();

    [Fact]
    public void The_kustomization_lists_every_manifest_except_the_secret_template()
    {
        var kustomization = _k8s.Documents.Single(d => d.File == "kustomization.yaml").Doc;
        var listed = ((YamlDotNet.RepresentationModel.YamlSequenceNode)At(kustomization, "resources")!).Children.Select(c => c.ToString()).Order().ToArray();
        var files = _k8s.Documents.Select(d => d.File).Distinct().Where(f => f is not "kustomization.yaml" and not "secret.template.yaml").Order().ToArray();
        Assert.Equal(files, listed);
    }

    [Fact]
    public void Silo_pods_pass_what_orleans_kubernetes_hosting_reads_and_carry_the_cluster_ids_as_labels()
    {
        var silo = _k8s.Single("Deployment", Silo);
        var env = KubernetesManifests.Environment(Container(silo));
        var config = Labels(_k8s.Single("ConfigMap", "recsys-config"), "data");
        var labels = Labels(silo, "spec", "template", "metadata", "labels");

        Assert.Equal("true", env["RECSYS__HOST__KUBERNETES"]);
        Assert.Equal("fieldRef:metadata.name", env[KubernetesHostingOptions.PodNameEnvironmentVariable]);
        Assert.Equal("fieldRef:metadata.namespace", env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]);
        Assert.Equal("fieldRef:status.podIP", env[KubernetesHostingOptions.PodIPEnvironmentVariable]);
        Assert.Equal(config["RECSYS__HOST__SERVICEID"], labels[KubernetesHostingOptions.ServiceIdLabel]);
        Assert.Equal(config["RECSYS__HOST__CLUSTERID"], labels[KubernetesHostingOptions.ClusterIdLabel]);
    }

    [Fact]
    public void The_silo_account_may_get_list_watch_and_delete_pods_in_its_namespace_and_nothing_else()
    {
        var account = Text(_k8s.Single("Deployment", Silo), "spec", "template", "spec", "serviceAccountName");
        var binding = _k8s.OfKind("RoleBinding").Values.Single(b => Items(b, "subjects").Any(s => Text(s, "name") == account));
        Assert.Equal("Role", Text(binding, "roleRef", "kind")); // namespaced, never a ClusterRole
        var rule = Items(_k8s.Single("Role", Text(binding, "roleRef", "name")!), "rules").Single();

        Assert.Equal(["pods"], Scalars(rule, "resources"));
        Assert.Equal(["delete", "get", "list", "watch"], Scalars(rule, "verbs").Order());
        Assert.Empty(_k8s.OfKind("ClusterRole"));
        Assert.Equal("false", Text(_k8s.Single("Deployment", Gateway), "spec", "template", "spec", "automountServiceAccountToken"));
    }

    [Theory]
    [InlineData(Silo)]
    [InlineData(Gateway)]
    public void Probes_drain_grace_and_requests_fit_the_hosts_stop_budget(string deployment)
    {
        var doc = _k8s.Single("Deployment", deployment);
        var container = Container(doc);
        var stopBudget = int.Parse(Labels(_k8s.Single("ConfigMap", "recsys-config"), "data")["RECSYS__HOST__SHUTDOWNTIMEOUTSECONDS"]);
        var preStop = ((YamlDotNet.RepresentationModel.YamlSequenceNode)At(container, "lifecycle", "preStop", "exec", "command")!).Children.Select(c => c.ToString()).ToArray();

        Assert.Equal("/health/ready", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("sleep", preStop[0]);
        Assert.True(int.Parse(Text(doc, "spec", "template", "spec", "terminationGracePeriodSeconds")!) > int.Parse(preStop[1]) + stopBudget,
            "the grace period must cover the drain and the host's stop budget, or the kubelet kills the silo mid-checkpoint");
        Assert.NotNull(Text(container, "resources", "requests", "cpu"));
        Assert.NotNull(Text(container, "resources", "requests", "memory"));
        Assert.Equal("true", Text(doc, "spec", "template", "spec", "securityContext", "runAsNonRoot"));
    }

    [Fact]
    public void Orleans_ports_open_only_to_the_grids_own_pods_behind_a_default_deny()
    {
        var policies = _k8s.OfKind("NetworkPolicy").Values.ToList();
        Assert.Contains(policies, p => At(p, "spec", "podSelector") is YamlDotNet.RepresentationModel.YamlMappingNode { Children.Count: 0 } && At(p, "spec", "ingress") is null);

        var orleansRules = policies.SelectMany(p => Items(p, "spec", "ingress"))
            .Where(rule => Items(rule, "ports").Any(port => Text(port, "port") is "11111" or "30000")).ToList();
        Assert.NotEmpty(orleansRules);
        foreach (var rule in orleansRules)
        {
            var sources = Items(rule, "from").ToList();
            Assert.NotEmpty(sources); // an empty "from" would open the port to everyone
            Assert.All(sources, s => Assert.Equal("recsys", Labels(s, "podSelector", "matchLabels").GetValueOrDefault("app.kubernetes.io/name")));
            Assert.All(sources, s => Assert.Null(At(s, "namespaceSelector")));
        }
    }

    [Fact]
    public void Pods_serve_https_with_the_grid_certificate_and_nothing_lets_them_fall_back_to_plain_http()
    {
        var config = Labels(_k8s.Single("ConfigMap", "recsys-config"), "data");

        // Without Recsys:Tls:AllowPlaintext the cluster profile refuses any plain http URL on the pod's address at start.
        Assert.DoesNotContain("RECSYS__TLS__ALLOWPLAINTEXT", config.Keys);
        Assert.All(config.Where(c => c.Key.EndsWith("URL", StringComparison.Ordinal) && c.Key.StartsWith("RECSYS__HOST__", StringComparison.Ordinal)),
            c => Assert.StartsWith("https://", c.Value, StringComparison.Ordinal));
        Assert.Equal(config["RECSYS__TLS__CERTIFICATEPATH"], config["KESTREL__CERTIFICATES__DEFAULT__PATH"]);
        Assert.Equal(config["RECSYS__TLS__KEYPATH"], config["KESTREL__CERTIFICATES__DEFAULT__KEYPATH"]);
        foreach (var name in new[] { Silo, Gateway })
        {
            var pod = _k8s.Single("Deployment", name);
            var container = Container(pod);
            var probes = new[] { "readinessProbe", "livenessProbe", "startupProbe" }.Where(p => At(container, p) is not null).ToList();
            Assert.NotEmpty(probes);
            Assert.All(probes, p => Assert.Equal("HTTPS", Text(container, p, "httpGet", "scheme")));
            Assert.Equal("https", Text(pod, "spec", "template", "metadata", "annotations", "prometheus.io/scheme"));
        }

        var service = _k8s.Single("Service", "recsys");
        Assert.All(Items(service, "spec", "ports"), port => Assert.Contains(Text(port, "targetPort"), new[] { "https", "grpc" }));
        Assert.StartsWith("https://", KubernetesManifests.Environment(Container(_k8s.Single("Deployment", Gateway)))["RECSYS__HOST__GRPCURL"], StringComparison.Ordinal);
    }

    [Fact]
    public void Gateways_serve_grpc_on_the_port_their_service_and_network_policy_open_to_callers()
    {
        var gateway = Container(_k8s.Single("Deployment", Gateway));
        var grpcUrl = KubernetesManifests.Environment(gateway)["RECSYS__HOST__GRPCURL"];
        var containerPort = Items(gateway, "ports").Single(p => Text(p, "name") == "grpc");
        var servicePort = Items(_k8s.Single("Service", "recsys"), "spec", "ports").Single(p => Text(p, "name") == "grpc");
        var gatewayLabels = Labels(_k8s.Single("Deployment", Gateway), "spec", "template", "metadata", "labels");
        var callerRules = _k8s.OfKind("NetworkPolicy").Values
            .Where(p => Labels(p, "spec", "podSelector", "matchLabels").All(l => gatewayLabels.GetValueOrDefault(l.Key) == l.Value))
            .SelectMany(p => Items(p, "spec", "ingress")).Where(rule => At(rule, "from") is null);

        Assert.Equal(new Uri(grpcUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(containerPort, "containerPort"));
        Assert.Equal("grpc", Text(servicePort, "targetPort"));
        Assert.Contains(callerRules.SelectMany(rule => Items(rule, "ports")), p => Text(p, "port") == Text(containerPort, "containerPort"));
        Assert.DoesNotContain(Items(Container(_k8s.Single("Deployment", Silo)), "ports"), p => Text(p, "name") == "grpc"); // silos are not exposed
    }

    [Fact]
    public void Autoscalers_and_disruption_budgets_point_at_the_deployments_pods()
    {
        var deployments = _k8s.OfKind("Deployment");
        foreach (var hpa in _k8s.OfKind("HorizontalPodAutoscaler").Values)
        {
            Assert.Contains(Text(hpa, "spec", "scaleTargetRef", "name")!, deployments.Keys);
            Assert.Equal("cpu", Text(Items(hpa, "spec", "metrics").Single(), "resource", "name"));
        }

        foreach (var name in new[] { Silo, Gateway })
        {
            var podLabels = Labels(deployments[name], "spec", "template", "metadata", "labels");
            var budget = _k8s.Single("PodDisruptionBudget", name);
            Assert.All(Labels(budget, "spec", "selector", "matchLabels"), l => Assert.Equal(l.Value, podLabels[l.Key]));
            Assert.All(Labels(deployments[name], "spec", "selector", "matchLabels"), l => Assert.Equal(l.Value, podLabels[l.Key]));
        }
    }

    [Fact]
    public void Every_setting_the_pods_pass_names_a_real_option_and_every_secret_key_is_in_the_template()
    {
        var secretKeys = Labels(_k8s.Single("Secret", "recsys-secrets"), "stringData").Keys.ToHashSet();
        var names = Labels(_k8s.Single("ConfigMap", "recsys-config"), "data").Keys.Concat(secretKeys).ToList();
        foreach (var deployment in _k8s.OfKind("Deployment").Values)
        {
            var env = KubernetesManifests.Environment(Container(deployment));
            names.AddRange(env.Keys);
            Assert.All(env.Values.Where(v => v.StartsWith("secret:", StringComparison.Ordinal)), v => Assert.Contains(v.Split('/')[1], secretKeys));
        }

        var known = KnownSettings();
        // A list entry (RECSYS__ENCRYPTION__KEYS__0__ID) names its property with the index as N.
        Assert.All(names.Where(n => n.StartsWith("RECSYS__", StringComparison.Ordinal)),
            n => Assert.Contains(System.Text.RegularExpressions.Regex.Replace(n, "__[0-9]+__", "__N__"), known));
    }

    [Theory]
    [InlineData(Silo)]
    [InlineData(Gateway)]
    public void Grid_pods_mount_the_TLS_secret_read_only_where_the_config_map_points_and_the_template_lists_its_keys(string deployment)
    {
        var config = Labels(_k8s.Single("ConfigMap", "recsys-config"), "data");
        var pod = _k8s.Single("Deployment", deployment);
        var volume = Items(pod, "spec", "template", "spec", "volumes").Single(v => Text(v, "secret", "secretName") == "recsys-grid-tls");
        var mount = Items(Container(pod), "volumeMounts").Single(m => Text(m, "name") == Text(volume, "name"));
        var secretKeys = Labels(_k8s.Single("Secret", "recsys-grid-tls"), "stringData").Keys;

        Assert.Equal("true", Text(mount, "readOnly"));
        var paths = new[] { "RECSYS__TLS__CERTIFICATEPATH", "RECSYS__TLS__KEYPATH", "RECSYS__TLS__CAPATH" }.Select(k => config[k]).ToArray();
        Assert.All(paths, path => Assert.Equal(Text(mount, "mountPath"), Path.GetDirectoryName(path)));
        Assert.Equal(secretKeys.Order(), paths.Select(Path.GetFileName).Order());
    }

    /// <summary>RECSYS__SECTION__KEY for every property of every options class bound to a <c>Recsys:</c> section.</summary>
    private static HashSet<string> KnownSettings()
    {
        var assemblies = new[] { typeof(RecsysHostOptions), typeof(GridOptions), typeof(KafkaOptions), typeof(AuthOptions), typeof(OrleansRecsys.Security.TlsOptions) }.Select(t => t.Assembly).Distinct();
        var settings = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() is string section && section.StartsWith("Recsys:", StringComparison.Ordinal))
            {
                foreach (var property in type.GetProperties().Where(p => p.CanWrite))
                {
                    var name = (section + ":" + property.Name).Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant();
                    settings.Add(name);
                    if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(List<>))
                    {
                        foreach (var entry in property.PropertyType.GetGenericArguments()[0].GetProperties().Where(p => p.CanWrite))
                        {
                            settings.Add($"{name}__N__{entry.Name.ToUpperInvariant()}");
                        }
                    }
                }
            }
        }

        return settings;
    }

    private static string[] Scalars(YamlDotNet.RepresentationModel.YamlNode node, string key) =>
        ((YamlDotNet.RepresentationModel.YamlSequenceNode)At(node, key)!).Children.Select(c => c.ToString()).ToArray();
}
