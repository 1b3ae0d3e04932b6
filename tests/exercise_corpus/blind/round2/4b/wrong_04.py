#| kind: wrong
#| what: a trailing comma: lr = 0.1, is the tuple (0.1,), not a number
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.1,
check_learning_rate(lr)
