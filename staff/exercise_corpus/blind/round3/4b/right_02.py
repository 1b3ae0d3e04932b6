#| kind: right
#| what: lr written as lesson 1's lr times a factor (0.01 * 20 = 0.2), with a print and an assert of the range
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
base_lr = 0.01          # lesson 1
lr = base_lr * 20       # 0.2: fast, and still far from where the steps overshoot
assert 0 < lr < 0.4, lr
print(f"trying lr = {lr:g}")
check_learning_rate(lr)
