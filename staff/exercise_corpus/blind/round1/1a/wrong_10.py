#| kind: wrong
#| what: typo in a name (w_ture): NameError
#| expect: NameError
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_ture + b_true + noise).unsqueeze(1)
check_targets(y, X, w_true, b_true, noise)
