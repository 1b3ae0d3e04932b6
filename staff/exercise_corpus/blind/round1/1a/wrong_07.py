#| kind: wrong
#| what: fresh noise drawn instead of using the given noise tensor
#| expect: not the `noise` given
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_true + b_true + 0.1 * torch.randn(100)).unsqueeze(1)
check_targets(y, X, w_true, b_true, noise)
