#| kind: right
#| what: over-engineered: a helper that turns a vector into a column, and the product done as matrix @ column with every term a column
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
def as_column(v):
    """(N,) -> (N, 1); refuses anything that is not a vector."""
    assert v.dim() == 1, f"expected a vector, got {tuple(v.shape)}"
    return v.unsqueeze(-1)


y = torch.matmul(X, as_column(w_true)) + b_true + as_column(noise)  # (N, 1) + () + (N, 1) -> (N, 1)
assert y.shape == (len(X), 1), f"y has shape {tuple(y.shape)}"
check_targets(y, X, w_true, b_true, noise)
