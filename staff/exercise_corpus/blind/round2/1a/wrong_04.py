#| kind: wrong
#| what: forgets the noise term: y = X @ w_true + b_true only
#| expect: y has no noise
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_true + b_true).unsqueeze(1)
check_targets(y, X, w_true, b_true, noise)
