enum StewardTestSupportPlaceholder {}
