#| kind: wrong
#| what: leaves y flat, shape (100,): no reshape to a column, so it broadcasts to (100, 100) against the output
#| expect: The loss broadcasts
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = X @ w_true + b_true + noise
check_targets(y, X, w_true, b_true, noise)
