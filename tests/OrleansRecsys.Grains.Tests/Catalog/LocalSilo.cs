using System.Net;

namespace OrleansRecsys.Grains.Tests.Catalog;

/// <summary>This silo's identity, for components that report it.</summary>
internal sealed class LocalSilo : ILocalSiloDetails
{
    public string Name => "silo-under-test";

    public string ClusterId => "recsys-tests";

    public string DnsHostName => "localhost";

    public SiloAddress SiloAddress { get; } = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

    public SiloAddress GatewayAddress => SiloAddress;
}
