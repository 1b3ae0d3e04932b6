#| kind: wrong
#| what: kept lesson 1's learning rate, 0.01: after 3 epochs the loss is still about 4
#| expect: With lr=0.01 the last of 3 epochs has a mean loss of 4.2163, above
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.01  # the default that worked in lesson 1
check_learning_rate(lr)
