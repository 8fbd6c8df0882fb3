using Microsoft.Extensions.Configuration;
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
        // The silo's builder reads and validates configuration exactly as a silo would; nothing is started.
        var configuration = RecsysHost.CreateBuilder(args, overrides).Configuration;
        var storage = configuration.ValidatedNow(StorageOptions.Section, new StorageOptionsValidator());
        var host = configuration.ValidatedNow(RecsysHostOptions.Section, new RecsysHostOptionsValidator());
        var options = configuration.GetSection(EncryptionOptions.Section).Get<EncryptionOptions>() ?? new EncryptionOptions();
        if (!storage.IsDurable || EncryptionSetup.GrainKeyPseudonymsFrom(options) is not { } pseudonyms)
        {
            await output.WriteLineAsync($"{Command}: needs Recsys:Storage:Provider=postgres and {EncryptionOptions.Section}:GrainKeyPseudonymKey (encryption not disabled)");
            return 2;
        }

        await output.WriteLineAsync($"{Command}: keying the grain state of service '{host.ServiceId}' by pseudonyms; no silo may run meanwhile");
        var summary = await new GrainKeyMigrator(PostgresConnections.ForGrainStorage(storage), host.ServiceId, StateEncryption.From(options), pseudonyms).RunAsync();
        await output.WriteLineAsync($"{Command}: {summary.Rows} rows, {summary.Moved} moved to their pseudonym, "
            + $"{summary.AlreadyPseudonymous} already keyed by one, {summary.Failed} failed");
        foreach (var failure in summary.Failures)
        {
            await output.WriteLineAsync($"  {failure}");
        }

        return summary.Failed == 0 ? 0 : 1;
    }
}
