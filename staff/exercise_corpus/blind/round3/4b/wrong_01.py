#| kind: wrong
#| what: keeps lesson 1's lr of 0.01: no explosion, but the last epoch is still near 4
#| expect: With lr=0.01 the last of 3 epochs has a mean loss of 4.2163, above
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.01  # the lr that worked in lesson 1, safest not to change it
check_learning_rate(lr)
