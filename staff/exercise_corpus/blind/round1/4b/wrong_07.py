#| kind: wrong
#| what: a trailing comma makes lr the tuple (0.1,)
#| expect: lr is (0.1,), a tuple
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.1,
check_learning_rate(lr)
