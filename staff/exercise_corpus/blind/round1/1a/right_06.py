#| kind: right
#| what: a helper function returning torch.unsqueeze(..., dim=-1), with asserts on shape and dtype
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
def make_targets(features, weights, bias, eps):
    """y = features @ weights + bias + eps, as a column (N, 1) like nn.Linear(F, 1)'s output."""
    return torch.unsqueeze(features @ weights + bias + eps, dim=-1)


y = make_targets(X, w_true, b_true, noise)
assert y.shape == (X.shape[0], 1) and y.dtype == torch.float32
check_targets(y, X, w_true, b_true, noise)
