#| kind: wrong
#| what: column made before the noise is added: (100, 1) + (100,) broadcasts to (100, 100)
#| expect: y has shape (100, 100)
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_true + b_true).unsqueeze(1) + noise
check_targets(y, X, w_true, b_true, noise)
