using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// <c>reencrypt-state</c>: the silo binary run as a one-off job with the silo's own configuration (profile, environment,
/// secrets) seals every stored grain state of its service under the active key (<see cref="StateReencryptor"/>), then
/// exits: 0 when every row opened, 1 when some did not (they are listed), 2 when the configuration cannot run it.
/// </summary>
internal static class StateReencryption
{
    public const string Command = "reencrypt-state";

    public static async Task<int> RunAsync(string[] args, TextWriter output, IDictionary<string, string?>? overrides = null)
    {
        var (storage, host, options) = OfflineStateCommand.ReadConfiguration(args, overrides);
        var encryption = StateEncryption.From(options);
        if (!storage.IsDurable || !encryption.SealsWrites)
        {
            await output.WriteLineAsync($"{Command}: needs Recsys:Storage:Provider=postgres and a key in {EncryptionOptions.Section}:Keys (encryption not disabled)");
            return 2;
        }

        await output.WriteLineAsync($"{Command}: sealing the grain state of service '{host.ServiceId}' under key '{encryption.Ring!.ActiveId}'");
        var summary = await new StateReencryptor(PostgresConnections.ForGrainStorage(storage), host.ServiceId, encryption).RunAsync();
        await output.WriteLineAsync($"{Command}: {summary.Rows} rows, {summary.Resealed} sealed again, {summary.AlreadyCurrent} already under '{encryption.Ring.ActiveId}', "
            + $"{summary.Retried} retried after a live write, {summary.Failed} failed");
        return await OfflineStateCommand.ExitCodeAsync(output, summary.Failed, summary.Failures);
    }
}
