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
                var rowStart = r * m;
                for (var c = 0; c <= r; c++) h[rowStart + c] += ar * a[c];
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
        // y = Λ⁻¹g; K = I + AΛ⁻¹Aᵀ; v = A y; solve K w = v; x = y − Λ⁻¹Aᵀw.
        Span<double> y = x;
        for (var c = 0; c < m; c++) y[c] = g[c] / penalty[c];
        var v = _vector;
        for (var i = 0; i < n; i++)
        {
            double s = 0;
            for (var c = 0; c < m; c++) s += A(jacobian, i, c) * y[c];
            v[i] = s;
            for (var j = 0; j <= i; j++)
            {
                double d = 0;
                for (var c = 0; c < m; c++) d += A(jacobian, i, c) * A(jacobian, j, c) / penalty[c];
                k[i * n + j] = d + (i == j ? 1 : 0);
            }
        }
        Cholesky.SolveInPlace(k, n, v);
        for (var c = 0; c < m; c++)
        {
            double s = 0;
            for (var i = 0; i < n; i++) s += A(jacobian, i, c) * v[i];
            x[c] = y[c] - s / penalty[c];
        }
    }
}
