using System.Net;
using System.Net.Sockets;

namespace HybridRecommender.Tests.Support;

/// <summary>
/// A TCP proxy on loopback between the API and a database, which a test can cut (refuse new
/// connections and close open ones: a stopped server) or freeze (accept and hold connections but
/// forward nothing: a hung server), and restore; or slow (every reply held back by <see cref="ReplyLatency"/>). Touches nothing of the database server itself.
/// </summary>
public sealed class LoopbackTcpProxy : IAsyncDisposable
{
    private enum Mode { Forward, Cut, Freeze }

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient? Upstream)> _open = [];
    private readonly Task _accepting;
    private volatile Mode _mode = Mode.Forward;

    public LoopbackTcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>How long each chunk from the server waits before it is passed on: a slow, loaded server.</summary>
    public TimeSpan ReplyLatency { get; set; }

    /// <summary>New connections are closed at once and open ones are dropped, as when the server stops.</summary>
    public void Cut() { _mode = Mode.Cut; CloseAll(); }

    /// <summary>Nothing is forwarded any more: requests wait, as with a server stopped by SIGSTOP.</summary>
    public void Freeze() => _mode = Mode.Freeze;

    /// <summary>Forwards again; connections that were held while frozen are dropped (their protocol state is lost).</summary>
    public void Restore() { CloseAll(); _mode = Mode.Forward; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            if (_mode == Mode.Cut) { client.Dispose(); continue; }
            if (_mode == Mode.Freeze) { lock (_open) _open.Add((client, null)); continue; }
            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try { await upstream.ConnectAsync(_targetHost, _targetPort, _stop.Token); }
        catch (Exception) { client.Dispose(); upstream.Dispose(); return; }
        lock (_open) _open.Add((client, upstream));
        await Task.WhenAny(PumpAsync(client.GetStream(), upstream.GetStream(), replies: false), PumpAsync(upstream.GetStream(), client.GetStream(), replies: true));
        client.Dispose();
        upstream.Dispose();
    }

    // Copies while forwarding; when frozen, stops reading (the bytes wait in the socket buffers).
    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool replies)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                while (_mode == Mode.Freeze) await Task.Delay(20, _stop.Token);
                var n = await from.ReadAsync(buffer, _stop.Token);
                if (n == 0) return;
                if (replies && ReplyLatency > TimeSpan.Zero) await Task.Delay(ReplyLatency, _stop.Token);
                while (_mode == Mode.Freeze) await Task.Delay(20, _stop.Token);
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception) { /* either side closed, or the proxy stopped */ }
    }

    private void CloseAll()
    {
        lock (_open)
        {
            foreach (var (client, upstream) in _open) { client.Dispose(); upstream?.Dispose(); }
            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CloseAll();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
