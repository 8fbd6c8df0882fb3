namespace OrleansRecsys.Silo;

/// <summary>
/// Kubernetes hosting for a silo (<c>Recsys:Host:Kubernetes</c>): Orleans takes the silo's name and address from the
/// pod, and its cluster agent watches the grid's pods (those labelled with the cluster's service and cluster ids), so a
/// pod that is deleted is declared dead at once and a dead silo's leftover pod is deleted.
/// </summary>
internal static class KubernetesSetup
{
    public static ISiloBuilder UseRecsysKubernetesHosting(this ISiloBuilder silo, RecsysHostOptions host) =>
        host.Kubernetes ? silo.UseKubernetesHosting() : silo;
}
