#| kind: wrong
#| what: accelerator="cpu" hard-coded: bitwise equal on a CPU-only machine, but where vanilla's loop takes the GPU the two runs are on different devices
#| expect: The Trainer is told accelerator='cpu'
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    model = minimal.LitRegressor(config.n_features, config.lr)
    losses = minimal.Losses()
    trainer = L.Trainer(max_epochs=config.epochs, accelerator="cpu", callbacks=[losses], logger=False,
                        enable_checkpointing=False)
    trainer.fit(model, train_loader)
    return losses.values, model.model


check_minimal_train(train)
