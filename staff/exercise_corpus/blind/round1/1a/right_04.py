#| kind: right
#| what: torch.mv with .add chained, column made by indexing with None
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = torch.mv(X, w_true).add(b_true).add(noise)[:, None]
check_targets(y, X, w_true, b_true, noise)
