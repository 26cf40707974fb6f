public enum StewardExpressionsPlaceholder {}
