#| kind: right
#| what: flat y made first, then turned into a column in place with unsqueeze_(1), shape asserted
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = X @ w_true + b_true + noise  # (100,) for now
y.unsqueeze_(1)  # in place: (100,) -> (100, 1)
assert y.shape == (100, 1), y.shape
check_targets(y, X, w_true, b_true, noise)
