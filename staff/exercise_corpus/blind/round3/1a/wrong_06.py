#| kind: wrong
#| what: noise scaled by 0.1 a second time: the given noise already holds the 0.1
#| expect: y holds noise times 0.1, where the recipe adds each term once, as
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_true + b_true + 0.1 * noise).view(-1, 1)  # noise of std 0.1, as in the recipe
check_targets(y, X, w_true, b_true, noise)
