#| kind: right
#| what: eval mode and no_grad while measuring, then the model's previous mode put back, as lesson 5's loop does with model.train()
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            losses = [F.mse_loss(model(x), y).item() for x, y in val_loader]
    finally:
        model.train(was_training)  # leave the model as we found it
    return sum(losses) / len(losses)


check_evaluate(evaluate)
