#| kind: right
#| what: builds the model and loads the weights under torch.no_grad(), load_state_dict(assign=True), hyperparameters saved as a list for Regressor(*args)
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save({"args": [n_features], "state_dict": model.state_dict()}, path)


def load_for_inference(path):
    ckpt = torch.load(path, weights_only=True)
    with torch.no_grad():
        model = Regressor(*ckpt["args"])
        model.load_state_dict(ckpt["state_dict"], assign=True)  # the loaded tensors become the parameters
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
