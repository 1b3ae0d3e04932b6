#| kind: wrong
#| what: w_true set to require grad, so the targets carry an autograd graph (and w_true is changed)
#| expect: y requires grad
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
w_true.requires_grad_()
y = (X @ w_true + b_true + noise).unsqueeze(1)
check_targets(y, X, w_true, b_true, noise)
