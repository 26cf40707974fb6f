import Testing

@Test func placeholder_StewardExpressionsTests() { #expect(Bool(true)) }
