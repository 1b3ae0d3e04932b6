#| kind: wrong
#| what: only the product made a column: (100, 1) + flat noise (100,) broadcasts y to (100, 100)
#| expect: y has shape (100, 100)
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = X @ w_true.unsqueeze(1) + b_true + noise  # X @ (10, 1) gives the column directly
check_targets(y, X, w_true, b_true, noise)
