#| kind: right
#| what: lr = 0.25, with an assert that it is a positive float
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.25
assert isinstance(lr, float) and lr > 0
check_learning_rate(lr)
