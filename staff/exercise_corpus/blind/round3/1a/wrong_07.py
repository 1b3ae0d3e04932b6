#| kind: wrong
#| what: torch.mm with a 1-D w_true: crashes, mm needs two matrices
#| expect: raised RuntimeError
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = torch.mm(X, w_true) + b_true + noise.view(100, 1)
check_targets(y, X, w_true, b_true, noise)
