import Foundation
import KabarHTML

/// The section a page names in its breadcrumb: the first item after the home item, from the
/// JSON-LD `BreadcrumbList` first, else from the printed breadcrumb. Sites differ in details
/// that change their records (what counts as home, how names are cleaned, where an item
/// without a position goes), so each site states them as options.
public struct BreadcrumbSection: Sendable {
    /// Where a JSON-LD item without a readable `position` is sorted.
    public enum Unnumbered: Sendable {
        /// Before every numbered item (position 0).
        case first
        /// At its place in the list (position = its index + 1).
        case inPlace
    }

    /// Names of the home item, lower-cased ("home", "beranda", the site's name).
    public var homeNames: Set<String>
    /// Printed breadcrumb selectors, tried in order (each one on its own).
    public var selectors: [String]
    public var unnumbered: Unnumbered
    /// A JSON-LD item's name as the section; nil or "" drops it.
    public var jsonLDName: @Sendable (String) -> String?
    /// A printed item's text (`HTMLNode.text`) as the section; nil or "" drops it.
    public var printedName: @Sendable (String) -> String?

    public init(homeNames: Set<String>, selectors: [String], unnumbered: Unnumbered,
                jsonLDName: @escaping @Sendable (String) -> String?, printedName: @escaping @Sendable (String) -> String?) {
        self.homeNames = homeNames
        self.selectors = selectors
        self.unnumbered = unnumbered
        self.jsonLDName = jsonLDName
        self.printedName = printedName
    }

    public func section(of document: HTMLDocument) -> String? {
        if let list = document.jsonLD(ofType: ["BreadcrumbList"]) {
            let items = list["itemListElement"]?.array ?? []
            let ordered = items.enumerated().sorted { position(of: $0) < position(of: $1) }.map(\.element)
            let names = ordered.compactMap { item in (item["name"]?.string ?? item["item"]?["name"]?.string).flatMap(jsonLDName) }
            if let name = afterHome(names) { return name }
        }
        for selector in selectors {
            if let name = afterHome(document.select(selector).compactMap { printedName($0.text) }) { return name }
        }
        return nil
    }

    /// The first name, or the second when the first is the home item; empty names skipped.
    public func afterHome(_ names: [String]) -> String? {
        var rest = names.filter { !$0.isEmpty }[...]
        if let first = rest.first, homeNames.contains(first.lowercased()) { rest = rest.dropFirst() }
        return rest.first
    }

    private func position(of item: (offset: Int, element: JSONValue)) -> Double {
        let stated = Double(item.element["position"]?.string ?? "")
        switch unnumbered {
        case .first: return stated ?? 0
        case .inPlace: return stated ?? Double(item.offset + 1)
        }
    }
}
