#| kind: wrong
#| what: draws fresh noise instead of using the given noise tensor: right shape, other values
#| expect: y's noise is not the `noise` given
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
noise_col = 0.1 * torch.randn(100, 1)
y = (X @ w_true).unsqueeze(1) + b_true + noise_col
check_targets(y, X, w_true, b_true, noise)
