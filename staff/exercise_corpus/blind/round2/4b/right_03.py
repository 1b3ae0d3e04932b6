#| kind: right
#| what: a plain float picked from a quick sweep, 0.3
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.3
check_learning_rate(lr)
