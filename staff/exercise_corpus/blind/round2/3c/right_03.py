#| kind: right
#| what: a beginner's version with comments mapping each line to vanilla/minimal.py, an explicit accelerator="auto" and devices=1 (the defaults), a print of the number of steps and asserts on the result
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    # 1. the same seed as the vanilla loop
    L.seed_everything(config.seed)
    # 2. the same data and DataLoader
    X, y, w_true, b_true = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    # 3. the model (LitRegressor wraps the Regressor) -- the optimizer is in configure_optimizers
    lit_model = minimal.LitRegressor(config.n_features, config.lr)
    # 4. the loop, the device (no .cuda() / .to(device) by hand) and losses.append -> Trainer + callback
    loss_recorder = minimal.Losses()
    trainer = L.Trainer(
        accelerator="auto",
        devices=1,
        max_epochs=config.epochs,
        callbacks=[loss_recorder],
        logger=False,
        enable_checkpointing=False,
    )
    trainer.fit(lit_model, train_loader)
    losses = loss_recorder.values
    print("optimizer steps:", len(losses))
    assert len(losses) == config.epochs * len(train_loader)
    # 5. return like the vanilla loop: the losses and the plain Regressor
    return losses, lit_model.model


check_minimal_train(train)
