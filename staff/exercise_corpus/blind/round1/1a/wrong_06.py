#| kind: wrong
#| what: return value of unsqueeze dropped: y.unsqueeze(1) is not in place, y stays (100,)
#| expect: The loss broadcasts: targets of shape (100,)
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = X @ w_true + b_true + noise
y.unsqueeze(1)  # make it a column
check_targets(y, X, w_true, b_true, noise)
