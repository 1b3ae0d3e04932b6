#| kind: wrong
#| what: a trailing comma: lr = 0.1, is the tuple (0.1,), not a number
#| expect: lr is (0.1,), a tuple (lesson 1, "The same step with `nn` and `optim`"
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.1,
check_learning_rate(lr)
