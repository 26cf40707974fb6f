import Testing

@Test func placeholder_StewardModelTests() { #expect(Bool(true)) }
