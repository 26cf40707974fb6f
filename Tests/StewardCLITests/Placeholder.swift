import Testing

@Test func placeholder_StewardCLITests() { #expect(Bool(true)) }
