using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace OrleansRecsys.Kafka;

/// <summary>
/// Settings of the mock cluster's group coordinator that librdkafka offers only through its C API
/// (<c>rdkafka_mock.h</c>), which Confluent.Kafka does not wrap. The functions are looked up in the very librdkafka
/// file Confluent.Kafka loaded (it picks one of several builds per platform), so the cluster handle is passed to the
/// copy that made it.
/// </summary>
internal static class MockGroupCoordinator
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr MockClusterOf(IntPtr client);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void InitialRebalanceDelaySetter(IntPtr mockCluster, int delayMs);

    /// <summary>
    /// Sets the broker setting <c>group.initial.rebalance.delay.ms</c> of the mock cluster that <paramref name="holder"/>
    /// runs. Why: the mock holds an empty group's first rebalance this long (3 s by default) without counting the wait
    /// as the joining member's activity, so a consumer whose session timeout is shorter than that expires while it
    /// waits, and joins again, forever.
    /// </summary>
    public static void SetInitialRebalanceDelay(Handle holder, int delayMs)
    {
        var library = NativeLibrary.Load(LoadedLibrdkafkaPath());
        var mockClusterOf = Function<MockClusterOf>(library, "rd_kafka_handle_mock_cluster");
        var setDelay = Function<InitialRebalanceDelaySetter>(library, "rd_kafka_mock_group_initial_rebalance_delay_ms");
        var client = ClientPointer(holder);
        var mockCluster = mockClusterOf(client);
        if (mockCluster == IntPtr.Zero)
        {
            throw new InvalidOperationException("the Kafka client given runs no mock cluster (test.mock.num.brokers not set)");
        }

        setDelay(mockCluster, delayMs);
        GC.KeepAlive(holder);
    }

    /// <summary>The <c>rd_kafka_t</c> behind a Confluent.Kafka handle (kept in a non-public property).</summary>
    private static IntPtr ClientPointer(Handle handle)
    {
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("this Confluent.Kafka version keeps no LibrdkafkaHandle on Handle");
        return ((SafeHandle)property.GetValue(handle)!).DangerousGetHandle();
    }

    /// <summary>The librdkafka file mapped into this process, as the kernel lists it.</summary>
    private static string LoadedLibrdkafkaPath()
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var path = line.IndexOf('/', StringComparison.Ordinal) is var start and >= 0 ? line[start..] : "";
            if (Path.GetFileName(path).Contains("librdkafka", StringComparison.Ordinal))
            {
                return path;
            }
        }

        throw new InvalidOperationException("librdkafka is not loaded in this process");
    }

    private static T Function<T>(IntPtr library, string name)
        where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
}
