namespace OrleansRecsys.Grains;

/// <summary>
/// References to grains of one string-keyed interface, made without <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string)"/>:
/// that call resolves the interface's grain type through reflection and type-name formatting every time (about 1.2 KB
/// allocated per reference). The types are resolved once here, so a reference costs its id and the reference object.
/// </summary>
internal sealed class StringKeyedGrains<TGrain> where TGrain : IGrainWithStringKey
{
    private readonly IGrainFactory _grains;
    private readonly GrainType _type;
    private readonly GrainInterfaceType _interface;

    public StringKeyedGrains(IGrainFactory grains)
    {
        _grains = grains;
        var probe = (GrainReference)(object)grains.GetGrain<TGrain>("type-probe");
        _type = probe.GrainId.Type;
        _interface = probe.InterfaceType;
    }

    /// <summary>The same reference <c>GetGrain&lt;TGrain&gt;(key)</c> answers.</summary>
    public TGrain Get(string key) => (TGrain)_grains.GetGrain(GrainId.Create(_type, IdSpan.Create(key)), _interface);
}
