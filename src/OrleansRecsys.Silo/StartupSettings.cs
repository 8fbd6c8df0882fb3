namespace OrleansRecsys.Silo;

/// <summary>What the host builder needs before the container exists, already validated.</summary>
internal sealed record StartupSettings(string Profile, RecsysHostOptions Host, StorageOptions Storage);
