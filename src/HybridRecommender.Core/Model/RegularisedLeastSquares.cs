using System.Numerics.Tensors;

namespace HybridRecommender.Core.Model;

/// <summary>
/// Solves (AᵀA + Λ) x = g for x, where A is n×(dim+1) with rows [J_j, 1] (J given as n×dim floats,
/// the constant last column being ∂r̂/∂b) and Λ a positive diagonal: the Gauss–Newton system of
/// <see cref="UserFoldIn"/>. With fewer rows than unknowns it solves the n×n dual instead, by the
/// Woodbury identity x = Λ⁻¹g − Λ⁻¹Aᵀ(I + AΛ⁻¹Aᵀ)⁻¹AΛ⁻¹g (same x, n³ instead of (dim+1)³ work).
/// Both systems are symmetric positive definite, solved by Cholesky in double.
/// </summary>
internal sealed class RegularisedLeastSquares
{
    private readonly int _rows;
    private readonly int _cols;
    private readonly double[] _matrix;
    private readonly double[] _vector;
    private double[]? _rowsA;      // dual only: A row-major
    private double[]? _rowsScaled; // dual only: AΛ⁻¹ row-major
    private double[]? _ones;       // curvature only: unit weights of the rows

    public RegularisedLeastSquares(int rows, int cols, bool? dual = null)
    {
        _rows = rows;
        _cols = cols;
        Dual = dual ?? rows < cols;
        var size = Dual ? rows : cols;
        _matrix = new double[size * size];
        _vector = new double[size];
    }

    /// <summary>True when solving the n×n dual system.</summary>
    public bool Dual { get; }

    public void Solve(ReadOnlySpan<float> jacobian, ReadOnlySpan<double> penalty, ReadOnlySpan<double> g, Span<double> x)
    {
        if (Dual) SolveDual(jacobian, penalty, g, x);
        else SolvePrimal(jacobian, penalty, g, x);
    }

    /// <summary>
    /// Solves (AᵀA + Λ + c·C) x = g where C (dim×dim, full row-major, symmetric positive semi-definite) adds
    /// curvature on the p block: the relevance term of fold-in's Newton step. Always the primal system
    /// (C is dense, so the Woodbury dual does not apply); construct with <c>dual: false</c>.
    /// </summary>
    public void SolveWithCurvature(ReadOnlySpan<float> jacobian, ReadOnlySpan<double> penalty, ReadOnlySpan<double> curvature, double scale,
        ReadOnlySpan<double> g, Span<double> x)
    {
        if (Dual) throw new InvalidOperationException("SolveWithCurvature needs the primal system (construct with dual: false).");
        var m = _cols;
        var dim = m - 1;
        var h = _matrix;
        // JᵀJ by the SIMD weighted-moment kernel (float sums over the ≤ 64-row chunks, double across them): a Newton
        // matrix, where the line search, not the last bits of the matrix, guarantees descent.
        var ones = _ones ??= Enumerable.Repeat(1.0, _rows).ToArray();
        var gram = System.Buffers.ArrayPool<double>.Shared.Rent(dim * dim);
        try
        {
            WeightedMoments.SecondMoment(jacobian, dim, ones, gram);
            for (var r = 0; r < dim; r++)
                for (var c = 0; c <= r; c++) h[r * m + c] = gram[r * dim + c] + scale * curvature[r * dim + c];
        }
        finally { System.Buffers.ArrayPool<double>.Shared.Return(gram); }
        // The bias row: Σ_j ∂r̂_j/∂p (∂r̂/∂b = 1) and n.
        var biasRow = h.AsSpan(dim * m, m);
        biasRow.Clear();
        for (var j = 0; j < _rows; j++)
            for (var c = 0; c < dim; c++) biasRow[c] += jacobian[j * dim + c];
        biasRow[dim] = _rows;
        for (var c = 0; c < m; c++) h[c * m + c] += penalty[c];
        g.CopyTo(x);
        Cholesky.SolveInPlace(h, m, x);
    }

    private double A(ReadOnlySpan<float> jacobian, int row, int col) => col == _cols - 1 ? 1.0 : jacobian[row * (_cols - 1) + col];

    private void SolvePrimal(ReadOnlySpan<float> jacobian, ReadOnlySpan<double> penalty, ReadOnlySpan<double> g, Span<double> x)
    {
        var m = _cols;
        var h = _matrix;
        Array.Clear(h);
        // Lower triangle of AᵀA, row by row of A.
        var a = new double[m];
        for (var j = 0; j < _rows; j++)
        {
            for (var c = 0; c < m; c++) a[c] = A(jacobian, j, c);
            for (var r = 0; r < m; r++)
            {
                var ar = a[r];
                if (ar == 0) continue;
                var row = h.AsSpan(r * m, r + 1);
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(a, 0, r + 1), ar, row, row);
            }
        }
        for (var c = 0; c < m; c++) h[c * m + c] += penalty[c];
        g.CopyTo(x);
        Cholesky.SolveInPlace(h, m, x);
    }

    private void SolveDual(ReadOnlySpan<float> jacobian, ReadOnlySpan<double> penalty, ReadOnlySpan<double> g, Span<double> x)
    {
        var n = _rows;
        var m = _cols;
        var k = _matrix;
        // Rows of A in double, and of AΛ⁻¹, so every inner product below is one contiguous SIMD dot.
        var a = _rowsA ??= new double[n * m];
        var scaled = _rowsScaled ??= new double[n * m];
        for (var i = 0; i < n; i++)
            for (var c = 0; c < m; c++)
            {
                var v = A(jacobian, i, c);
                a[i * m + c] = v;
                scaled[i * m + c] = v / penalty[c];
            }
        // y = Λ⁻¹g; K = I + AΛ⁻¹Aᵀ; v = A y; solve K w = v; x = y − Λ⁻¹Aᵀw.
        Span<double> y = x;
        for (var c = 0; c < m; c++) y[c] = g[c] / penalty[c];
        var w = _vector;
        for (var i = 0; i < n; i++)
        {
            var rowScaled = new ReadOnlySpan<double>(scaled, i * m, m);
            w[i] = TensorPrimitives.Dot(new ReadOnlySpan<double>(a, i * m, m), y);
            for (var j = 0; j <= i; j++)
                k[i * n + j] = TensorPrimitives.Dot(rowScaled, new ReadOnlySpan<double>(a, j * m, m)) + (i == j ? 1 : 0);
        }
        Cholesky.SolveInPlace(k, n, w);
        for (var i = 0; i < n; i++)
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(scaled, i * m, m), -w[i], y, y);
    }
}
