#| kind: wrong
#| what: a negative learning rate: SGD climbs the loss instead of descending it
#| expect: lr is -0.1
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = -0.1
check_learning_rate(lr)
