using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// <c>migrate-grain-keys</c>: the silo binary run once, with the silos' own configuration and while no silo runs, moves
/// every grain-state row still keyed by its grain id to its pseudonymous key (<see cref="GrainKeyMigrator"/>), then exits:
/// 0 when every row was moved or already was, 1 when some were not (listed), 2 when the configuration cannot run it.
/// </summary>
internal static class GrainKeyMigration
{
    public const string Command = "migrate-grain-keys";

    public static async Task<int> RunAsync(string[] args, TextWriter output, IDictionary<string, string?>? overrides = null)
    {
        var (storage, host, options) = OfflineStateCommand.ReadConfiguration(args, overrides);
        if (!storage.IsDurable || EncryptionSetup.GrainKeyPseudonymsFrom(options) is not { } pseudonyms)
        {
            await output.WriteLineAsync($"{Command}: needs Recsys:Storage:Provider=postgres and {EncryptionOptions.Section}:GrainKeyPseudonymKey (encryption not disabled)");
            return 2;
        }

        await output.WriteLineAsync($"{Command}: keying the grain state of service '{host.ServiceId}' by pseudonyms; no silo may run meanwhile");
        var summary = await new GrainKeyMigrator(PostgresConnections.ForGrainStorage(storage), host.ServiceId, StateEncryption.From(options), pseudonyms).RunAsync();
        await output.WriteLineAsync($"{Command}: {summary.Rows} rows, {summary.Moved} moved to their pseudonym, "
            + $"{summary.AlreadyPseudonymous} already keyed by one, {summary.Failed} failed");
        return await OfflineStateCommand.ExitCodeAsync(output, summary.Failed, summary.Failures);
    }
}
