import CNdisChimneyPlatform
import Synchronization

/// The registries alive in this process, by id. `NdisSetOptionalHandlers`
/// receives only a driver handle, so the handle carries its registry's id
/// (HandleBits) and this directory turns the id back into the registry.
/// Control path only: dispatch never looks here.
///
/// A C entry point may be handed a handle of a registry that another thread
/// is destroying (NULL and stale handles name some id too). So it borrows
/// the registry's RegistryCore and is counted while it does: a registry that
/// goes away leaves the directory at once, and its core is freed then if no
/// one borrows it, or else by the last borrower as it leaves. Its id stays
/// taken until then. Nothing waits, and nothing is reference counted.
///
/// The directory's memory is allocated by the first registry creation that
/// finds none (creation is where a registry allocates; a failure there is
/// NDIS_STATUS_RESOURCES) and kept for the life of the process. Before it
/// exists no handle can be live, so every other call answers at once without
/// allocating: nothing here is built lazily on some other call's first use.
enum RegistryDirectory {
    /// One id's record, under the directory's lock.
    private struct Entry {
        var reserved = false
        /// The live registry's core; nil once it has gone away.
        var core: UnsafeMutablePointer<RegistryCore>?
        /// C entry points borrowing the core now.
        var borrowers = 0
        /// The core of a registry that has gone away while borrowed: the
        /// last borrower frees it.
        var orphan: UnsafeMutablePointer<RegistryCore>?
    }

    /// The entries, one per id, under one lock.
    private typealias Table = Locked<UnsafeMutableBufferPointer<Entry>>

    /// The address of the table once made (0 before). Statically initialized,
    /// so reading it needs no one-time set-up; an address rather than a
    /// pointer, which is not `Sendable`: the table is never freed.
    private static let published = Atomic<UInt>(0)

    /// The table, or nil before the first registry's creation made it.
    private static var table: UnsafeMutablePointer<Table>? {
        UnsafeMutablePointer(bitPattern: published.load(ordering: .acquiring))
    }

    /// The table, made now if no creation has made it yet; nil when memory
    /// runs out. A creation that loses the race to publish its table frees it
    /// and uses the winner's.
    private static func tableForCreation() -> UnsafeMutablePointer<Table>? {
        if let table { return table }
        guard let entries = malloc(MemoryLayout<Entry>.stride * HandleBits.maximumRegistries) else { return nil }
        let buffer = UnsafeMutableBufferPointer(
            start: entries.bindMemory(to: Entry.self, capacity: HandleBits.maximumRegistries),
            count: HandleBits.maximumRegistries)
        buffer.initialize(repeating: Entry())
        guard let memory = malloc(MemoryLayout<Table>.stride) else {
            free(entries)
            return nil
        }
        guard let locked = Table(buffer) else {
            free(memory)
            free(entries)
            return nil
        }
        let made = memory.bindMemory(to: Table.self, capacity: 1)
        made.initialize(to: locked)
        let (won, found) = published.compareExchange(
            expected: 0, desired: UInt(bitPattern: made), ordering: .acquiringAndReleasing)
        if won { return made }
        made.deinitialize(count: 1)
        free(memory)
        free(entries)
        return UnsafeMutablePointer(bitPattern: found)
    }

    /// Reserves an id for a registry being created (the last step of a
    /// creation that can fail, so an id is never given back), or throws
    /// `outOfMemory` (no directory could be made) or `capacityExhausted`
    /// (every id is taken).
    static func reserve() throws(InstallationError) -> Int {
        guard let table = tableForCreation() else { throw .outOfMemory }
        let id = table.pointee.withLock { entries -> Int? in
            guard let id = entries.firstIndex(where: { !$0.reserved }) else { return nil }
            entries[id].reserved = true
            return id
        }
        guard let id else {
            throw .capacityExhausted(.registries, capacity: HandleBits.maximumRegistries)
        }
        return id
    }

    /// Makes a created registry findable under its core's reserved id.
    static func attach(_ core: UnsafeMutablePointer<RegistryCore>) {
        table.unsafelyUnwrapped.pointee.withLock { entries in entries[core.pointee.id].core = core }
    }

    /// Takes a registry that is going away out of the directory and frees its
    /// core, now or when its last borrower leaves.
    static func release(id: Int) {
        let unborrowed = table.unsafelyUnwrapped.pointee.withLock { entries -> UnsafeMutablePointer<RegistryCore>? in
            let core = entries[id].core
            guard entries[id].borrowers > 0 else {
                entries[id] = Entry()
                return core
            }
            entries[id].core = nil
            entries[id].orphan = core
            return nil
        }
        if let unborrowed { RegistryCore.destroy(unborrowed) }
    }

    /// Runs `body` on the core of the registry a handle names, for the C
    /// entry points; throws `error` at once for a value that is no handle at
    /// all (tag bit clear, as in NULL) or names no live registry. The core
    /// stays allocated while `body` runs, whatever happens to its registry.
    static func withCore<Value>(
        for handle: UInt, orThrow error: InstallationError,
        _ body: (borrowing RegistryCore) throws(InstallationError) -> Value
    ) throws(InstallationError) -> Value {
        guard handle & HandleBits.tag != 0, let table else { throw error }
        let id = HandleBits.registry(of: handle)
        let borrowed = table.pointee.withLock { entries -> UnsafeMutablePointer<RegistryCore>? in
            guard id < entries.count, let core = entries[id].core else { return nil }
            entries[id].borrowers += 1
            return core
        }
        guard let borrowed else { throw error }
        defer {
            let orphan = table.pointee.withLock { entries -> UnsafeMutablePointer<RegistryCore>? in
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
