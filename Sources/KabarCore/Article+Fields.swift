/// What a reader of a record sees besides its text: the fields re-extraction compares when the
/// text (`content_hash`) is the same, so that a plugin fixed to read authors, a date or an image
/// brings the fix into the store as a new revision.
extension Article {
    /// A 64-bit digest of the record's fields other than its text: site, extractor (name and
    /// version), dates, language, headline, lead, authors, section, tags, the body's blocks
    /// (kind and length: their text is the record's text, compared by its hash), images (URL,
    /// caption, credit, role), paywalled and metadata. Not in it: the id and URLs (the id is
    /// the canonical URL's), `fetched_at`, `source` (the WARC file and offset), the revision,
    /// `duplicate_of`, hashes, and what a run adds after extraction (an image's download).
    public var fieldsDigest: UInt64 {
        var d = FieldsDigest()
        d.add(site); d.add(extractor); d.add(publishedAt); d.add(modifiedAt); d.add(language)
        d.add(headline); d.add(lead); d.add(section)
        d.add(number: authors.count); for a in authors { d.add(a) }
        d.add(number: tags.count); for t in tags { d.add(t) }
        d.add(number: body.count)
        for b in body { d.add(b.type.rawValue); d.add(number: b.text.utf8.count) }
        d.add(number: images.count)
        for i in images { d.add(i.url); d.add(i.caption); d.add(i.credit); d.add(i.role.rawValue) }
        d.add(number: paywalled.map { $0 ? 1 : 0 } ?? 2)
        d.add(number: metadata.count)
        for key in metadata.keys.sorted() { d.add(key); d.add(metadata[key]) }
        d.add(number: schema)
        return Hash64.mix(d.h)
    }
}

/// FNV-1a over each value's bytes, each value preceded by its length (or -1 for none), so that
/// no two different field lists give the same byte stream.
private struct FieldsDigest {
    var h: UInt64 = 0xcbf29ce484222325

    @inline(__always) mutating func byte(_ b: UInt8) {
        h ^= UInt64(b)
        h &*= 0x100000001b3
    }

    mutating func add(number n: Int) {
        var v = UInt64(bitPattern: Int64(n))
        for _ in 0..<8 { byte(UInt8(truncatingIfNeeded: v)); v >>= 8 }
    }

    mutating func add(_ s: String?) {
        guard var s else { add(number: -1); return }
        s.withUTF8 { bytes in
            add(number: bytes.count)
            for b in bytes { byte(b) }
        }
    }
}
