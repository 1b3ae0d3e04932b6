#| kind: right
#| what: scientific notation, with a comment on the values tried
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
# tried: 0.01 -> ~4 (too slow), 1.0 -> ~1e17 and climbing (explodes), 0.5 -> overshoots; 0.15 lands near the noise floor
lr = 1.5e-1
assert 0 < lr < 0.5, "past 0.5 every step overshoots"
check_learning_rate(lr)
