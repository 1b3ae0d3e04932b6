#| kind: wrong
#| what: targets left flat, shape (100,): never made a column
#| expect: The loss broadcasts: targets of shape (100,)
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = X @ w_true + b_true + noise
check_targets(y, X, w_true, b_true, noise)
