"""FieldDesk desktop UI: the main window, its pages, dialogs and the Qt item models behind them."""
