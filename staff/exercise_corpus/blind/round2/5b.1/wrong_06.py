#| kind: wrong
#| what: saves the weights in float16 to halve the file and casts them back on load: the weights, and so the outputs, are rounded
#| expect: The loaded model's weights are the saved ones rounded to torch.float16
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    half = {name: tensor.half() for name, tensor in model.state_dict().items()}  # half the size on disk
    torch.save({"hyper_parameters": {"n_features": n_features}, "state_dict": half}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(**checkpoint["hyper_parameters"])
    model.load_state_dict({name: tensor.float() for name, tensor in checkpoint["state_dict"].items()})
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
