#| kind: wrong
#| what: fresh noise drawn instead of the given noise: different targets from the recipe
#| expect: y's noise is not the `noise` given
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = X.matmul(w_true).unsqueeze(1) + b_true + 0.1 * torch.randn(100, 1)  # noise drawn directly as a column
check_targets(y, X, w_true, b_true, noise)
