#| kind: right
#| what: einsum for the matrix-vector product, view(len(X), 1) for the column
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
# 'nf,f->n': one dot product per row
flat = torch.einsum("nf,f->n", X, w_true) + b_true + noise
y = flat.view(len(X), 1)
check_targets(y, X, w_true, b_true, noise)
