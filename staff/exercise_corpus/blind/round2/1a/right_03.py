#| kind: right
#| what: column arithmetic: w_true and noise viewed as columns first, so X @ w is already (100, 1); prints the shape
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
w_col = w_true.view(-1, 1)  # (10, 1)
noise_col = noise.view(-1, 1)  # (100, 1)
y = X @ w_col + b_true + noise_col  # (100, 10) @ (10, 1) -> (100, 1), b_true is a scalar
print("y", tuple(y.shape))
check_targets(y, X, w_true, b_true, noise)
