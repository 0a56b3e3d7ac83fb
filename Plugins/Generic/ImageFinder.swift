import Foundation
import KabarCore
import KabarHTML

/// The article's images: the lead (`og:image`, else the JSON-LD image, else the first good
/// image of the body) and the images inside the body's containers, each with its caption and
/// credit from the `figure`. Logos, avatars, icons, ads, tracking pixels and tiny images are left out.
struct ImageFinder {
    static let rejectWords = [
        "logo", "avatar", "icon", "sprite", "badge", "emoji", "pixel", "spacer", "placeholder", "gravatar",
        "author", "profile", "banner", "advert", "/ads/", "doubleclick", "tracking", "blank.gif", "loader",
        "spinner", "button", "flag", "social", "share", "feed", "rating", "thumb-author", "byline",
    ]

    static let rejectWordBytes = NeedleSet(rejectWords)
    static let svgQuery = Array(".svg?".utf8)

    static func find(_ index: PageIndex, _ meta: PageMetadata, containers: [Int], document: HTMLDocument) -> [ImageRef] {
        var images: [ImageRef] = []
        var seen = Set<String>()
        var lead = meta.meta["og:image"] ?? meta.meta["og:image:url"] ?? meta.meta["twitter:image"]
        var leadCaption: String?
        if let image = meta.article?["image"] {
            let first = image.array.first
            if lead == nil { lead = first?.string ?? first?["url"]?.string }
            leadCaption = first?["caption"]?.string ?? first?["description"]?.string
        }
        if let lead, let url = document.absoluteURL(lead), !isRejected(url.absoluteString) {
            images.append(ImageRef(url: url.absoluteString, caption: leadCaption.flatMap(PageMetadata.clean), role: .lead))
            seen.insert(key(url.absoluteString))
        }
        for e in index.images {
            guard containers.contains(where: { index.isAncestor($0, of: e) }) || isLeadFigure(index, e, containers) else { continue }
            let el = index.elements[e]
            if el.inBoilerplate && !el.inFigure { continue }
            let node = el.node
            guard let src = source(of: node), let url = document.absoluteURL(src) else { continue }
            let s = url.absoluteString
            if isRejected(s) || isRejected(el.names) || isRejected((node["alt"] ?? "").lowercased()) && (node["alt"] ?? "").count < 40 { continue }
            if isThumbnail(s) { continue }
            if let w = node["width"].flatMap({ Int($0) }), w < 120 { continue }
            if let h = node["height"].flatMap({ Int($0) }), h < 80 { continue }
            let k = key(s)
            let (caption, credit) = captionAndCredit(index, e)
            // A picture inside a link is a teaser for another page, unless it has a caption.
            if caption == nil, isInsideLink(index, e) { continue }
            if seen.contains(k) {
                if let i = images.firstIndex(where: { key($0.url) == k }), images[i].caption == nil {
                    images[i].caption = caption
                    images[i].credit = credit
                }
                continue
            }
            seen.insert(k)
            // A figure before the body's text is the lead picture; og:image is then usually the
            // same photo cropped for social media, and gives way to it.
            if images.count == 1, images[0].role == .lead, images[0].caption == nil, isLeadFigure(index, e, containers) {
                images[0] = ImageRef(url: s, caption: caption, credit: credit, role: .lead)
                continue
            }
            images.append(ImageRef(url: s, caption: caption, credit: credit, role: images.isEmpty ? .lead : .inline))
        }
        return images
    }

    /// A figure between the headline and the body, or at the very start of the body (the lead
    /// picture of many layouts).
    static func isLeadFigure(_ index: PageIndex, _ e: Int, _ containers: [Int]) -> Bool {
        guard let first = containers.first, index.elements[e].inFigure else { return false }
        let start = index.elements[first].firstRun
        let parent = index.elements[first].parent
        return parent >= 0 && index.isAncestor(parent, of: e) && index.elements[e].firstRun <= start + 1
    }

    /// A URL that names a small size: "90x50_crop", "w=100", "width=120".
    static func isThumbnail(_ url: String) -> Bool {
        let bytes = Array(url.utf8)
        var i = 0
        while i < bytes.count {
            // NNxMM
            if bytes[i] == UInt8(ascii: "x"), i > 0, i + 1 < bytes.count, isDigit(bytes[i - 1]), isDigit(bytes[i + 1]) {
                var a = i - 1
                while a > 0, isDigit(bytes[a - 1]) { a -= 1 }
                var b = i + 1
                while b + 1 < bytes.count, isDigit(bytes[b + 1]) { b += 1 }
                if let w = Int(String(decoding: bytes[a..<i], as: UTF8.self)), let h = Int(String(decoding: bytes[(i + 1)...b], as: UTF8.self)),
                   w >= 20, h >= 20, w < 150 || h < 100 { return true }  // "16x9" is a ratio, not a size
            }
            i += 1
        }
        return false
    }

    static func isInsideLink(_ index: PageIndex, _ e: Int) -> Bool {
        var a = index.elements[e].parent
        var steps = 0
        while a >= 0, steps < 6 {
            if index.elements[a].tag == "a" { return true }
            a = index.elements[a].parent
            steps += 1
        }
        return false
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The image's address: lazy-loading attributes first, then the largest `srcset` entry, then `src`.
    static func source(of node: HTMLNode) -> String? {
        for attr in ["data-src", "data-lazy-src", "data-original", "data-srcset", "srcset", "src"] {
            guard let value = node[attr]?.trimmingCharacters(in: .whitespaces), !value.isEmpty, !value.hasPrefix("data:") else { continue }
            if attr.hasSuffix("srcset") { if let best = largest(value) { return best } else { continue } }
            return value
        }
        return nil
    }

    static func largest(_ srcset: String) -> String? {
        var best: (url: String, size: Double)?
        for candidate in srcset.split(separator: ",") {
            let parts = candidate.split(separator: " ", omittingEmptySubsequences: true)
            guard let url = parts.first else { continue }
            let size = parts.count > 1 ? Double(parts[1].dropLast()) ?? 0 : 0
            if best == nil || size > best!.size { best = (String(url), size) }
        }
        return best?.url
    }

    static func isRejected(_ s: String) -> Bool {
        let lower = Array(s.lowercased().utf8)
        if s.lowercased().hasSuffix(".svg") { return true }
        return ByteSearch.containsAny(lower, rejectWordBytes) || ByteSearch.contains(lower, svgQuery)
    }

    /// Same picture at another size or with other parameters.
    static func key(_ url: String) -> String {
        let path = url.split(separator: "?").first.map(String.init) ?? url
        return path.split(separator: "/").last.map(String.init)?.lowercased() ?? path
    }

    static let creditMarks = ["Photo:", "Foto:", "Image:", "Bild:", "Credit:", "Photograph:", "Picture:", "Fotó:", "Zdjęcie:", "©"]

    /// "Caption. Photo: Name" → ("Caption.", "Photo: Name").
    static func splitCredit(_ caption: String) -> (String?, String?) {
        var best: String.Index?
        for mark in creditMarks {
            if let r = SeparatorSearch.firstRange(ofAny: mark, in: caption), best == nil || r.lowerBound < best! { best = r.lowerBound }
        }
        guard let cut = best else { return (caption, nil) }
        let before = caption[..<cut].trimmingCharacters(in: .whitespaces)
        let after = caption[cut...].trimmingCharacters(in: .whitespaces)
        return (before.isEmpty ? nil : before, after.isEmpty ? nil : after)
    }

    /// The caption of the image's figure, its credit split off where marked.
    static func captionAndCredit(_ index: PageIndex, _ e: Int) -> (String?, String?) {
        var a = index.elements[e].parent
        var steps = 0
        while a >= 0, steps < 5 {
            let el = index.elements[a]
            if el.tag == "figure" || ByteSearch.contains(el.names, "figure") || ByteSearch.contains(el.names, "image") || ByteSearch.contains(el.names, "photo") || ByteSearch.contains(el.names, "media") {
                var caption: String?
                var credit: String?
                for i in el.firstRun..<el.endRun {
                    let run = index.runs[i]
                    let owner = index.elements[run.element]
                    if ByteSearch.contains(owner.names, "credit") || ByteSearch.contains(owner.names, "copyright") || ByteSearch.contains(owner.names, "source") || ByteSearch.contains(owner.names, "author") {
                        credit = credit ?? run.text
                    } else if owner.tag == "figcaption" || ByteSearch.contains(owner.names, "caption") || index.isAncestor(a, of: run.element) {
                        caption = caption.map { $0 + " " + run.text } ?? run.text
                    }
                }
                if credit == nil, let c = caption { (caption, credit) = splitCredit(c) }
                if caption != nil || credit != nil { return (caption, credit) }
            }
            a = el.parent
            steps += 1
        }
        return (nil, nil)
    }
}
