import Testing

@Test func placeholder_StewardYAMLTests() { #expect(Bool(true)) }
