#| kind: wrong
#| what: a negative learning rate: SGD refuses it (gradient ascent), ValueError
#| expect: lr is -0.2
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = -0.2  # step against the gradient
check_learning_rate(lr)
