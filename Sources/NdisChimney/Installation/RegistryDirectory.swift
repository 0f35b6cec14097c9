/// The registries alive in this process, by id. `NdisSetOptionalHandlers`
/// receives only a driver handle, so the handle carries its registry's id
/// (HandleBits) and this directory turns the id back into the registry.
/// Control path only: dispatch never looks here.
///
/// A C entry point may be handed a handle of a registry that another thread
/// is destroying (NULL and stale handles name some id too). So it borrows
/// the registry's RegistryCore, not the Swift object, and is counted while
/// it does: a registry that goes away leaves the directory at once, and its
/// core is freed then if no one borrows it, or else by the last borrower as
/// it leaves. Its id stays taken until then. Nothing waits, and nothing is
/// reference counted.
enum RegistryDirectory {
    private struct Entry {
        var reserved = false
        /// For Swift callers, who get a strong reference (nil once it deinitializes).
        weak var registry: ProtocolRegistry?
        /// The live registry's core; nil once it has gone away.
        var core: UnsafeMutablePointer<RegistryCore>?
        /// C entry points borrowing the core now.
        var borrowers = 0
        /// The core of a registry that has gone away while borrowed: the
        /// last borrower frees it.
        var orphan: UnsafeMutablePointer<RegistryCore>?
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

    /// Makes a created registry findable under its core's reserved id.
    static func attach(_ registry: ProtocolRegistry, core: UnsafeMutablePointer<RegistryCore>) {
        entries.withLock { entries in
            entries[core.pointee.id].registry = registry
            entries[core.pointee.id].core = core
        }
    }

    /// Takes a registry that is going away out of the directory and frees its
    /// core, now or when its last borrower leaves.
    static func release(id: Int) {
        let unborrowed = entries.withLock { entries -> UnsafeMutablePointer<RegistryCore>? in
            let core = entries[id].core
            guard entries[id].borrowers > 0 else {
                entries[id] = Entry()
                return core
            }
            entries[id].registry = nil
            entries[id].core = nil
            entries[id].orphan = core
            return nil
        }
        if let unborrowed { RegistryCore.destroy(unborrowed) }
    }

    /// The live registry a handle names, if any; nil at once for a value
    /// that is no handle at all (tag bit clear, as in NULL).
    static func registry(for handle: UInt) -> ProtocolRegistry? {
        guard handle & HandleBits.tag != 0 else { return nil }
        let id = HandleBits.registry(of: handle)
        return entries.withLock { entries in id < entries.count ? entries[id].registry : nil }
    }

    /// Runs `body` on the core of the registry a handle names, for the C
    /// entry points; throws `error` at once for a value that is no handle at
    /// all (tag bit clear, as in NULL) or names no live registry. The core
    /// stays allocated while `body` runs, whatever happens to its registry.
    static func withCore<Value>(
        for handle: UInt, orThrow error: InstallationError,
        _ body: (borrowing RegistryCore) throws(InstallationError) -> Value
    ) throws(InstallationError) -> Value {
        guard handle & HandleBits.tag != 0 else { throw error }
        let id = HandleBits.registry(of: handle)
        let borrowed = entries.withLock { entries -> UnsafeMutablePointer<RegistryCore>? in
            guard id < entries.count, let core = entries[id].core else { return nil }
            entries[id].borrowers += 1
            return core
        }
        guard let borrowed else { throw error }
        defer {
            let orphan = entries.withLock { entries -> UnsafeMutablePointer<RegistryCore>? in
                entries[id].borrowers -= 1
                guard entries[id].borrowers == 0, let orphan = entries[id].orphan else { return nil }
                entries[id] = Entry()
                return orphan
            }
            if let orphan { RegistryCore.destroy(orphan) }
        }
        return try body(borrowed.pointee)
    }
}
