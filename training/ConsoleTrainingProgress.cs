using HybridRecommender.Core.Training;

namespace HybridRecommender.Training;

/// <summary>
/// A live bar within each epoch (only on a terminal: redirected output gets just the epoch lines,
/// so CI logs stay readable, plus a line per tenth of an epoch when it has millions of ratings) and one line per epoch,
/// with the process's CPU seconds over it: on a shared machine the wall time says more about the neighbours.
/// </summary>
internal sealed class ConsoleTrainingProgress(int epochs) : ITrainingProgress
{
    private readonly bool _live = !Console.IsOutputRedirected;
    private readonly System.Diagnostics.Stopwatch _clock = new();
    private long _lastDraw;
    private TimeSpan _cpuAtLastEpoch = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    private int _tenthsLogged;

    /// <summary>Epochs with at least this many ratings get a line per tenth when the output is redirected.</summary>
    public const int LargeEpoch = 5_000_000;

    public void BatchDone(int epoch, int ratingsDone, int ratingsTotal, double runningMse)
    {
        if (!_live)
        {
            var tenths = (int)(10L * ratingsDone / ratingsTotal);
            if (ratingsTotal >= LargeEpoch && tenths > _tenthsLogged && tenths < 10)
            {
                _tenthsLogged = tenths;
                Console.WriteLine($"  epoch {epoch}: {tenths * 10}% ({ratingsDone:N0} ratings), train MSE {runningMse:F4}");
            }
            return;
        }
        if (ratingsDone <= 0 || !_clock.IsRunning) _clock.Restart();
        var now = _clock.ElapsedMilliseconds;
        if (now - _lastDraw < 100 && ratingsDone < ratingsTotal) return;
        _lastDraw = now;
        const int width = 30;
        var fraction = (double)ratingsDone / ratingsTotal;
        var filled = (int)(fraction * width);
        var rate = now > 0 ? ratingsDone / (now / 1000.0) : 0;
        Console.Write($"\repoch {epoch,3}/{epochs} [{new string('#', filled)}{new string('.', width - filled)}] {fraction,4:P0}  train MSE {runningMse:F4}  {rate / 1000,5:F0}k ratings/s ");
    }

    public void EpochDone(EpochMetrics m, bool isBest)
    {
        if (_live) Console.Write("\r" + new string(' ', 110) + "\r");
        _clock.Reset();
        _tenthsLogged = 0;
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var cpuSeconds = (cpu - _cpuAtLastEpoch).TotalSeconds;
        _cpuAtLastEpoch = cpu;
        Console.WriteLine(
            $"epoch {m.Epoch,3}/{epochs}  train MSE {m.TrainMse:F4}  train MAE {m.TrainMae:F4}  |  val RMSE {m.ValidationRmse:F4}  val MAE {m.ValidationMae:F4}{(m.ValidationNdcg is { } ndcg ? $"  val NDCG@10 {ndcg:F4}" : "")}  |  {m.Seconds,5:F2} s  {m.RatingsPerSecond / 1000,5:F0}k ratings/s  cpu {cpuSeconds,6:F1} s{(isBest ? "  *best" : "")}");
    }
}
