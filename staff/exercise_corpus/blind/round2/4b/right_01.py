#| kind: right
#| what: 20 times lesson 1's rate, written as a multiple of it
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.01 * 20  # 0.2: 10x was still slow, 50x oscillated
check_learning_rate(lr)
