using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace OrleansRecsys.Silo;

/// <summary>Failure detection from <c>Recsys:Membership</c>, read from the validated options when Orleans asks for it.</summary>
internal static class MembershipSetup
{
    public static ISiloBuilder UseRecsysMembership(this ISiloBuilder silo)
    {
        silo.Services.AddValidatedOptions<MembershipOptions>(MembershipOptions.Section);
        silo.Services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<MembershipOptions>>((o, configured) =>
        {
            var membership = configured.Value;
            o.ProbeTimeout = TimeSpan.FromMilliseconds(membership.ProbeTimeoutMs);
            o.NumMissedProbesLimit = membership.MissedProbesLimit;
            o.NumVotesForDeathDeclaration = membership.VotesForDeath;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(membership.TableRefreshSeconds);
        });
        return silo;
    }
}
