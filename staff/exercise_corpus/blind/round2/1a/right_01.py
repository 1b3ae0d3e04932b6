#| kind: right
#| what: beginner: computes the flat sum, then reshape(-1, 1) to a column, with comments
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
# X @ w_true gives one number per row, shape (100,)
y = X @ w_true + b_true + noise
# the model outputs (100, 1), so turn the vector into a column
y = y.reshape(-1, 1)
check_targets(y, X, w_true, b_true, noise)
