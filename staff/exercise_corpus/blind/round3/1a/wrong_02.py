#| kind: wrong
#| what: a row, not a column: torch.atleast_2d turns the (100,) vector into shape (1, 100)
#| expect: The loss broadcasts
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
# "how to make a 1-D tensor 2-D in pytorch" -> torch.atleast_2d
y = torch.atleast_2d(X @ w_true + b_true + noise)
check_targets(y, X, w_true, b_true, noise)
