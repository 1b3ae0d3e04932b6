#| kind: wrong
#| what: only the noise is made a column: (100,) + (100, 1) broadcasts y to (100, 100)
#| expect: y has shape (100, 100)
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = X @ w_true + b_true + noise.unsqueeze(1)
check_targets(y, X, w_true, b_true, noise)
