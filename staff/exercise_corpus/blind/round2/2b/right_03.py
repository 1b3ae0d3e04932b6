#| kind: right
#| what: in a hurry: model.eval() then one generator expression summed inside no_grad, divided by len(val_loader)
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    with torch.no_grad():
        return sum(F.mse_loss(model(x), y).item() for x, y in val_loader) / len(val_loader)


check_evaluate(evaluate)
