using Microsoft.Extensions.Configuration;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// What the silo binary's one-off grain-state commands (<see cref="StateReencryption"/>, <see cref="GrainKeyMigration"/>)
/// share: the silo's configuration read and validated exactly as a silo would (nothing is started), and the end of the
/// run, which lists the first rows that failed and turns the count into the exit code.
/// </summary>
internal static class OfflineStateCommand
{
    public static (StorageOptions Storage, RecsysHostOptions Host, EncryptionOptions Encryption) ReadConfiguration(
        string[] args, IDictionary<string, string?>? overrides)
    {
        var configuration = RecsysHost.CreateBuilder(args, overrides).Configuration;
        var storage = configuration.ValidatedNow(StorageOptions.Section, new StorageOptionsValidator());
        var host = configuration.ValidatedNow(RecsysHostOptions.Section, new RecsysHostOptionsValidator());
        var encryption = configuration.GetSection(EncryptionOptions.Section).Get<EncryptionOptions>() ?? new EncryptionOptions();
        return (storage, host, encryption);
    }

    /// <summary>Lists <paramref name="failures"/> under the summary line; 0 when no row failed, else 1.</summary>
    public static async Task<int> ExitCodeAsync(TextWriter output, long failed, IReadOnlyList<string> failures)
    {
        foreach (var failure in failures)
        {
            await output.WriteLineAsync($"  {failure}");
        }

        return failed == 0 ? 0 : 1;
    }
}
