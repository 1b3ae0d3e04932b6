#| kind: right
#| what: computed from lesson 1's rate: lr = 0.01 * 15, with a print
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
base_lr = 0.01  # lesson 1
lr = base_lr * 15
print(f"trying lr = {lr:g}")
check_learning_rate(lr)
