import Testing

@Test func placeholder_StewardCoreTests() { #expect(Bool(true)) }
