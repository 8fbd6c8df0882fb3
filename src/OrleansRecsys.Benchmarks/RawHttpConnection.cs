using System.Net.Sockets;
using System.Text;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends pre-built requests and reads each response into a reused buffer, as
/// <c>wrk</c> does: the load generator shares the cores with the server, so its own cost per request must be near nothing
/// and the same for every system it drives (no HttpClient, no JSON on the client side).
/// </summary>
public sealed class RawHttpConnection : IDisposable
{
    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private byte[] _buffer = new byte[64 * 1024];

    private RawHttpConnection()
    {
    }

    public static async Task<RawHttpConnection> OpenAsync(int port)
    {
        var connection = new RawHttpConnection();
        await connection._socket.ConnectAsync("127.0.0.1", port);
        return connection;
    }

    /// <summary>A complete <c>POST</c> with a JSON body, ready to send as is.</summary>
    public static byte[] Post(int port, string path, string? bearer, string json)
    {
        var auth = bearer is null ? "" : $"Authorization: Bearer {bearer}\r\n";
        return Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}Content-Type: application/json\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n").Concat(Encoding.UTF8.GetBytes(json)).ToArray();
    }

    /// <summary>Sends one request and reads its whole response; answers whether the status was 200 and the body said
    /// <c>"fallback":true</c>. A status other than 200 throws (the harness counts it as an error).</summary>
    public async Task<bool> ExchangeAsync(byte[] request)
    {
        await _socket.SendAsync(request, SocketFlags.None);
        var length = 0;
        var bodyStart = -1;
        var contentLength = -1;
        while (true)
        {
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await _socket.ReceiveAsync(_buffer.AsMemory(length), SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("the server closed the connection");
            }

            length += read;
            if (bodyStart < 0 && _buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) is var end and >= 0)
            {
                bodyStart = end + 4;
                contentLength = ContentLength(_buffer.AsSpan(0, end));
            }

            if (bodyStart >= 0 && Complete(_buffer.AsSpan(0, length), bodyStart, contentLength))
            {
                break;
            }
        }

        var response = _buffer.AsSpan(0, length);
        if (!response.StartsWith("HTTP/1.1 200"u8))
        {
            throw new HttpRequestException(Encoding.ASCII.GetString(response[..Math.Min(length, 200)]));
        }

        return response[bodyStart..].IndexOf("\"fallback\":true"u8) >= 0;
    }

    /// <summary>A body of known length is complete at that length; a chunked one at its empty last chunk.</summary>
    private static bool Complete(ReadOnlySpan<byte> response, int bodyStart, int contentLength) =>
        contentLength >= 0 ? response.Length - bodyStart >= contentLength : response.EndsWith("\r\n0\r\n\r\n"u8) || response[bodyStart..].StartsWith("0\r\n\r\n"u8);

    private static int ContentLength(ReadOnlySpan<byte> headers)
    {
        var text = Encoding.ASCII.GetString(headers);
        foreach (var line in text.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.AsSpan("Content-Length:".Length).Trim());
            }
        }

        return -1;
    }

    public void Dispose() => _socket.Dispose();
}
