import CLibXML2
import CParseArena
import Foundation

/// The arena one document's libxml2 tree is built in (CParseArena). A page's parse makes
/// thousands of small allocations (nodes, attributes, text, the name dictionary, the parser's
/// error strings) and `xmlFreeDoc` frees them one by one; in an arena each is a pointer bump and
/// the whole tree goes back to a pool of spans at once when the document is dropped.
///
/// What keeps it safe:
/// - libxml2 allocates into the arena only inside `build`, a synchronous call on one thread
///   (the parse and the HTML5 fix-ups, in `HTMLDocument.init`). The arena belongs to the
///   document, not to a thread: the document may be read and dropped on any thread.
/// - Everything libxml2 allocates outside `build` (attribute copies, `xmlNodeGetContent`,
///   serialisation buffers, XPath contexts and results) comes from malloc and is freed by its
///   caller as before. Code that adds to a parsed tree must run inside `build`, or the tree
///   would hold malloc memory that the arena's release does not free.
/// - libxml2 copies each parse error's strings into the thread's last-error record; it is
///   cleared on the way in and out, so no arena pointer is left outside the tree.
/// - When the arena cannot take an allocation (its address range used up) libxml2 gets malloc
///   memory and the arena is marked spilled: the document then frees its tree with
///   `xmlFreeDoc`, as without an arena, before the arena goes.
///
/// `KABAR_PARSE_ARENA=0` in the environment turns arenas off for the process (to measure
/// against the malloc parse); they are also off if the address range cannot be reserved.
public final class ParseArena {
    private let arena: OpaquePointer

    /// A new arena, or nil when arenas are off.
    public init?() {
        guard Self.installed, let arena = kabar_arena_create() else { return nil }
        self.arena = arena
    }

    deinit { kabar_arena_release(arena) }

    /// Whether an allocation went to malloc instead (the tree must then be freed by libxml2).
    public var spilled: Bool { kabar_arena_spilled(arena) != 0 }

    /// Bytes of address space the arena holds (tests and benchmarks).
    public var size: Int { kabar_arena_size(arena) }

    /// Bytes of the arena handed out so far (tests).
    var used: Int { kabar_arena_used(arena) }

    /// Makes the arena spill once it holds `bytes` (tests).
    func limit(to bytes: Int) { kabar_arena_set_limit(arena, bytes) }

    /// Runs `body` with libxml2 allocating into the arena on this thread.
    public func build<T>(_ body: () throws -> T) rethrows -> T {
        xmlResetLastError()
        let previous = kabar_arena_enter(arena)
        defer {
            xmlResetLastError()
            kabar_arena_leave(previous)
        }
        return try body()
    }

    /// Whether `pointer` lies in arena memory (tests).
    static func owns(_ pointer: UnsafeRawPointer?) -> Bool { kabar_arena_owns(pointer) != 0 }

    /// Bytes of free spans the pool keeps resident (tests).
    static var poolResident: Int { kabar_arena_pool_resident() }

    /// libxml2's allocator replaced by the arena's (malloc outside an arena), before libxml2
    /// allocates anything: `LibXML.initialize()` asks for this first.
    public static let installed: Bool = {
        if let value = getenv("KABAR_PARSE_ARENA"), strcmp(value, "0") == 0 { return false }
        guard kabar_arena_reserve() != 0 else { return false }
        return xmlMemSetup(kabar_arena_free, kabar_arena_malloc, kabar_arena_realloc, kabar_arena_strdup) == 0
    }()
}

extension Optional where Wrapped == ParseArena {
    /// `body` inside the arena, or as it is when there is none.
    public func build<T>(_ body: () throws -> T) rethrows -> T {
        guard let arena = self else { return try body() }
        return try arena.build(body)
    }
}
