#| kind: right
#| what: reshape(-1, 1) on the flat sum, with a print of the shape
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_true + b_true + noise).reshape(-1, 1)
print("y", tuple(y.shape))
check_targets(y, X, w_true, b_true, noise)
