#| kind: right
#| what: statistician: einsum for the row-wise dot products, then reshape(-1, 1) to a column, with shape asserts and a print
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
# y_i = sum_f X_if w_f + b + e_i, written as an index contraction
signal = torch.einsum("nf,f->n", X, w_true)  # (N,)
y = (signal + b_true + noise).reshape(-1, 1)  # (N, 1), a column like nn.Linear(10, 1) gives
assert y.shape == (X.shape[0], 1), y.shape
print("y", tuple(y.shape), y.dtype, "mean", round(y.mean().item(), 3))
check_targets(y, X, w_true, b_true, noise)
