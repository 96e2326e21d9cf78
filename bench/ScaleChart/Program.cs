using System.Globalization;
using ScottPlot;

// Usage: ScaleChart <figures.tsv> <output folder>
// figures.tsv: a header line, then one line per data set: label, ratings (millions), CPU seconds of an epoch's training pass
// with the sampled objective, the same with the exact objective, peak memory of the training run (GiB) — tab-separated, as
// docs/BENCHMARKS.md "Training at scale" lists them (bench/scale.sh steps and bench/scale.sh).
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ScaleChart <figures.tsv> <output folder>");
    return 2;
}
var rows = File.ReadAllLines(args[0]).Skip(1).Where(l => l.Trim().Length > 0).Select(l => l.Split('\t')).Select(f => (
    Label: f[0], Ratings: double.Parse(f[1], CultureInfo.InvariantCulture), Sampled: double.Parse(f[2], CultureInfo.InvariantCulture),
    Exact: double.Parse(f[3], CultureInfo.InvariantCulture), PeakGb: double.Parse(f[4], CultureInfo.InvariantCulture))).ToArray();
Directory.CreateDirectory(args[1]);
var xs = rows.Select(r => r.Ratings).ToArray();

var time = new Plot();
var exact = time.Add.Scatter(xs, rows.Select(r => r.Exact).ToArray());
exact.LegendText = "exact objective (full softmax, dense Adam)";
exact.LineWidth = 2;
exact.MarkerSize = 8;
var sampled = time.Add.Scatter(xs, rows.Select(r => r.Sampled).ToArray());
sampled.LegendText = "sampled softmax + lazy row Adam";
sampled.LineWidth = 2;
sampled.MarkerSize = 8;
sampled.MarkerShape = MarkerShape.FilledSquare;
var bar = time.Add.HorizontalLine(180);
bar.LegendText = "bar: 180 s (wall) per epoch";
bar.Color = Colors.Gray;
foreach (var r in rows) time.Add.Text(r.Label, r.Ratings, r.Sampled);
time.Title("CPU seconds of an epoch's training pass (1 thread, per-batch cost × batches)");
time.XLabel("ratings (millions)");
time.YLabel("CPU seconds per epoch");
time.ShowLegend(Alignment.UpperLeft);

var memory = new Plot();
var peak = memory.Add.Scatter(xs, rows.Select(r => r.PeakGb).ToArray());
peak.LegendText = "peak resident memory of a whole run capped at 2 epochs (GiB)";
peak.LineWidth = 2;
peak.MarkerSize = 8;
var limit = memory.Add.HorizontalLine(8e9 / (1L << 30));
limit.LegendText = "bar: 8 GB (7.45 GiB)";
limit.Color = Colors.Gray;
foreach (var r in rows) memory.Add.Text(r.Label, r.Ratings, r.PeakGb);
memory.Title("Training peak memory against ratings");
memory.XLabel("ratings (millions)");
memory.YLabel("GiB");
memory.ShowLegend(Alignment.UpperLeft);

foreach (var (plot, name) in new[] { (time, "scale-epoch"), (memory, "scale-memory") })
{
    plot.SavePng(Path.Combine(args[1], name + ".png"), 900, 500);
    plot.SaveSvg(Path.Combine(args[1], name + ".svg"), 900, 500);
    Console.WriteLine($"wrote {Path.Combine(args[1], name)}.png / .svg");
}
return 0;
