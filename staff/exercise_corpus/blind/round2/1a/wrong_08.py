#| kind: wrong
#| what: stores the answer under another name (Y): y is never defined, NameError at the check
#| expect: raised NameError
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
Y = (X @ w_true + b_true + noise).unsqueeze(1)
check_targets(y, X, w_true, b_true, noise)
