#| kind: right
#| what: lr = 0.1, ten times lesson 1's, with a comment on why
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.1  # 10x lesson 1's 0.01: last epoch about 0.013, well short of the exploding range
check_learning_rate(lr)
