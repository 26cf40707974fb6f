import Testing

@Test func placeholder_StewardEngineTests() { #expect(Bool(true)) }
