#| kind: right
#| what: every piece made a column first: X @ w_true.unsqueeze(1) + b_true + noise.unsqueeze(1)
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
w_col = w_true.unsqueeze(1)  # (10, 1)
noise_col = noise.unsqueeze(1)  # (100, 1)
y = X @ w_col + b_true + noise_col  # (100, 1) @ ... all columns, nothing broadcasts to (100, 100)
check_targets(y, X, w_true, b_true, noise)
