#| kind: wrong
#| what: targets left flat, shape (100,): against the (100, 1) output the loss broadcasts to (100, 100)
#| expect: The loss broadcasts
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = X @ w_true + b_true + noise  # (N,)
check_targets(y, X, w_true, b_true, noise)
