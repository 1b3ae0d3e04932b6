#| kind: wrong
#| what: lr too small for 3 epochs (0.05): the loss falls but the last epoch is still about 0.17
#| expect: With lr=0.05 the last of 3 epochs has a mean loss of 0.1735, above
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.05  # 5x faster than lesson 1, should be enough
check_learning_rate(lr)
