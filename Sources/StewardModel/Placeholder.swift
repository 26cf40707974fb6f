public enum StewardModelPlaceholder {}
