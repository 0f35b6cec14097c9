/// The registries alive in this process, by id. `NdisSetOptionalHandlers`
/// receives only a driver handle, so the handle carries its registry's id
/// (HandleBits) and this directory turns the id back into the registry.
/// Control path only: dispatch never looks here.
///
/// A C entry point may be handed a handle of a registry that another thread
/// is destroying (NULL and stale handles name some id too). So the directory
/// holds its registries weakly and gives out strong references: a registry
/// whose deinitialization has begun is no longer found, and one that was
/// found lives until the call that found it returns.
enum RegistryDirectory {
    private struct Entry {
        var reserved = false
        weak var registry: ProtocolRegistry?
    }

    // Made once, at the first registry's creation.
    private static let entries = Locked<[Entry]>(Array(repeating: Entry(), count: HandleBits.maximumRegistries))!

    /// Reserves an id for a registry being created, or nil when all are taken.
    static func reserve() -> Int? {
        entries.withLock { entries in
            guard let id = entries.firstIndex(where: { !$0.reserved }) else { return nil }
            entries[id].reserved = true
            return id
        }
    }

    /// Makes a created registry findable under its reserved id.
    static func attach(_ registry: ProtocolRegistry, id: Int) {
        entries.withLock { $0[id].registry = registry }
    }

    /// Frees an id; called as its registry goes away.
    static func release(id: Int) {
        entries.withLock { $0[id] = Entry() }
    }

    /// The live registry a handle names, if any; nil at once for a value
    /// that is no handle at all (tag bit clear, as in NULL).
    static func registry(for handle: UInt) -> ProtocolRegistry? {
        guard handle & HandleBits.tag != 0 else { return nil }
        let id = HandleBits.registry(of: handle)
        return entries.withLock { entries in id < entries.count ? entries[id].registry : nil }
    }
}
