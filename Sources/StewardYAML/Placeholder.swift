public enum StewardYAMLPlaceholder {}
