import Testing

@Test func placeholder_StewardTimeTests() { #expect(Bool(true)) }
