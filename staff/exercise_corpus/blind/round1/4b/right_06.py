#| kind: right
#| what: lr = 0.15 written as a fraction, 3 / 20
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 3 / 20  # 0.15
check_learning_rate(lr)
