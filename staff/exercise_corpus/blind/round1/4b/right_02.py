#| kind: right
#| what: scientific notation, lr = 2e-1, with a comment on why
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 2e-1  # 0.01 is far too slow, 1.0 explodes; 0.2 sits in between
check_learning_rate(lr)
