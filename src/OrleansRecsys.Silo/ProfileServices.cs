using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansRecsys.Silo;

/// <summary>What a silo adds for its profile: the local profile is a self-contained demo, the cluster profile nothing.</summary>
internal static class ProfileServices
{
    public static WebApplicationBuilder AddProfileServices(this WebApplicationBuilder builder, string profile) =>
        profile == RecsysProfile.Local ? builder.AddLocalProfileServices() : builder;

    /// <summary>
    /// The demo of the local profile: the demo ranker trained and made stable at start, the item catalogue published,
    /// a dev token and a banner, and simulated traffic. A cluster gets its models through the model API instead.
    /// </summary>
    public static WebApplicationBuilder AddLocalProfileServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DemoOptions>(DemoOptions.Section);
        builder.Services.AddValidatedOptions<SimulatorOptions>(SimulatorOptions.Section);
        builder.Services.AddHostedService<DemoBootstrapper>();
        builder.Services.AddHostedService<TrafficSimulator>();
        return builder;
    }
}
