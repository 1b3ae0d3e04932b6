#| kind: wrong
#| what: elementwise X * w_true with the bias inside the row sum: b_true is added 10 times per row
#| expect: y is off by a constant
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X * w_true + b_true).sum(dim=1, keepdim=True) + noise.unsqueeze(1)
check_targets(y, X, w_true, b_true, noise)
