#| kind: wrong
#| what: unsqueeze on the wrong dimension: unsqueeze(0) gives a row (1, 100), not a column
#| expect: targets of shape (1, 100)
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_true + b_true + noise).unsqueeze(0)
check_targets(y, X, w_true, b_true, noise)
