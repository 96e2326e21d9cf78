using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HybridRecommender.Tests.Data;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (a free port chosen by the OS) for download tests. It is
/// written on raw sockets so a test can send a Content-Length larger than the body and then close
/// the connection, which a full server would refuse to do.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    public sealed record Reply(int Status, string Reason, byte[] Body, long? DeclaredLength = null);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, Reply> _reply;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _requests;

    public LoopbackHttpServer(Func<string, Reply> reply)
    {
        _reply = reply;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int RequestCount => Volatile.Read(ref _requests);

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream);
                Interlocked.Increment(ref _requests);
                var reply = _reply(path);
                var head = $"HTTP/1.1 {reply.Status} {reply.Reason}\r\n"
                    + $"Content-Length: {reply.DeclaredLength ?? reply.Body.Length}\r\n"
                    + "Content-Type: application/zip\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(reply.Body);
                await stream.FlushAsync();
                // A clean close after the (possibly short) body: the client sees the end of the stream.
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (IOException) { }
            catch (SocketException) { }
        }
    }

    private static async Task<string> ReadRequestPathAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length));
            if (n == 0)
                break;
            length += n;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
                break;
        }
        var requestLine = Encoding.ASCII.GetString(buffer, 0, length).Split("\r\n")[0];
        var parts = requestLine.Split(' ');
        return parts.Length > 1 ? parts[1] : "/";
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
