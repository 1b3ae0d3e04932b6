#| kind: right
#| what: torch.manual_seed instead of L.seed_everything, keyword arguments everywhere, train_dataloaders= named in fit, progress bar and model summary turned off
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    torch.manual_seed(config.seed)  # the same seed call as vanilla/minimal.py
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    lit = minimal.LitRegressor(n_features=config.n_features, lr=config.lr)
    recorder = minimal.Losses()
    trainer = L.Trainer(
        max_epochs=config.epochs,
        callbacks=[recorder],
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    trainer.fit(model=lit, train_dataloaders=train_loader)
    return recorder.values, lit.model


check_minimal_train(train)
