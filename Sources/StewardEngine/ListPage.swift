/// One page of a list, and where it stands in the whole list, so that a list that is cut
/// can say so: nothing is left out without a word.
public struct ListPage<Item: Sendable>: Sendable {
    /// The items of this page, in the list's order.
    public let items: [Item]
    /// How many matching items come before this page (the pages before `--after`).
    public let offset: Int
    /// How many items match the filters, all pages together: a count, read in the same
    /// snapshot as the page.
    public let total: Int
    /// What `after` takes for the next page (the id of this page's last item); nil when no
    /// item comes after this page.
    public let next: String?

    public init(items: [Item], offset: Int, total: Int, next: String?) {
        self.items = items
        self.offset = offset
        self.total = total
        self.next = next
    }

    /// True when some matching items are not on this page.
    public var isCut: Bool { items.count < total }

    /// The same page with each item transformed.
    public func map<Other, Failure: Error>(_ transform: (Item) throws(Failure) -> Other) throws(Failure) -> ListPage<Other> {
        ListPage<Other>(items: try items.map(transform), offset: offset, total: total, next: next)
    }
}

extension ListPage {
    /// The page of `limit` items from `rows`, read with one more than `limit` (`Engine.lookahead`):
    /// a row past the limit only tells that there is a next page, after the last item kept.
    init(lookahead rows: [Item], limit: Int, offset: Int, total: Int, id: KeyPath<Item, String>) {
        let kept = Array(rows.prefix(limit))
        self.init(items: kept, offset: offset, total: total, next: rows.count > limit ? kept.last?[keyPath: id] : nil)
    }
}
