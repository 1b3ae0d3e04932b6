#| kind: right
#| what: PyTorch-fluent: torch.mv plus chained .add, indexed with [:, None], asserting the shape
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = torch.mv(X, w_true).add(b_true).add(noise)[:, None]  # (N,) -> (N, 1)
assert y.shape == (100, 1), y.shape
check_targets(y, X, w_true, b_true, noise)
