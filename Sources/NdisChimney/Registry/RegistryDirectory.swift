import CNdisChimneyPlatform
import Synchronization

/// The registries alive in this process, by id. Every handle carries its
/// registry's id (HandleBits), and this directory turns the id back into the
/// registry: for `NdisSetOptionalHandlers`, which receives only a driver
/// handle, and for the C entry points, whose registry argument is the
/// registry's own handle rather than a pointer, so that a swapped, forged,
/// destroyed or twice-destroyed one is refused instead of followed.
///
/// Two parts per id. The record, under the directory's lock, is for the
/// control path: a C entry point may be handed a handle of a registry that
/// another thread is destroying (NULL and stale handles name some id too),
/// so it borrows the registry's RegistryCore and is counted while it does;
/// a registry that goes away leaves the directory at once, and its core is
/// freed then if no one borrows it, or else by the last borrower as it
/// leaves. The key, read without a lock, is for dispatch: the registry's
/// handle (0 when none) and its binding table, so that checking a C
/// caller's registry costs a few loads and one comparison. Nothing waits,
/// and nothing is reference counted.
///
/// The directory's memory is allocated by the first registry creation that
/// finds none (creation is where a registry allocates; a failure there is
/// NDIS_STATUS_RESOURCES) and kept until the library is unloaded or the
/// process exits (`unload`). Before it exists no handle can be live, so every
/// other call answers at once without allocating: nothing here is built
/// lazily on some other call's first use.
enum RegistryDirectory {
    /// One id's record, under the directory's lock.
    private struct Record {
        var reserved = false
        /// The live registry's core; nil once it has gone away.
        var core: UnsafeMutablePointer<RegistryCore>?
        /// C entry points borrowing the core now.
        var borrowers = 0
        /// The core of a registry that has gone away while borrowed: the
        /// last borrower frees it.
        var orphan: UnsafeMutablePointer<RegistryCore>?
    }

    /// One id's key, read by dispatchers without the lock. `tables`, the
    /// address of the registry's tables' header, is written before
    /// `handle` publishes it (release) and read only after a load of
    /// `handle` (acquire) that matched. An address rather than an optional
    /// pointer, so that a dispatcher that found a match has nothing more to
    /// test.
    @usableFromInline
    struct Key: ~Copyable {
        let handle = Atomic<UInt>(0)
        var tables: UInt = 0
    }

    /// The directory's memory, one block: the locked records in its first
    /// cache line, then one key per id from byte `keysOffset` (ids are 8
    /// bits: 256 keys, of which the last is never used). The keys sit at a
    /// fixed distance from the block's address so that a dispatcher reaches
    /// its key with one load (the address) and no second pointer.
    private struct Storage: ~Copyable {
        let records: Locked<UnsafeMutableBufferPointer<Record>>
    }

    /// Bytes from the directory's address to its first key.
    private static var keysOffset: Int { 64 }
    /// How many keys there are: one per value of a handle's id field.
    private static var ids: Int { 1 << HandleBits.registryBits }

    /// The address of the directory once made (0 before, and after
    /// `unload`). Statically initialized, so reading it needs no one-time
    /// set-up; an address rather than a pointer, which is not `Sendable`.
    private static let published = Atomic<UInt>(0)

    /// The directory, or nil before the first registry's creation made it.
    private static var storage: UnsafeMutablePointer<Storage>? {
        UnsafeMutablePointer(bitPattern: published.load(ordering: .acquiring))
    }

    /// The key of registry id `id` in the directory at `storage`.
    @inline(__always)
    private static func key(_ id: Int, in storage: UnsafeMutablePointer<Storage>) -> UnsafeMutablePointer<Key> {
        (UnsafeMutableRawPointer(storage) + keysOffset).assumingMemoryBound(to: Key.self) + id
    }

    /// The directory, made now if no creation has made it yet; nil when
    /// memory runs out. A creation that loses the race to publish its
    /// directory frees it and uses the winner's.
    private static func storageForCreation() -> UnsafeMutablePointer<Storage>? {
        if let storage { return storage }
        precondition(MemoryLayout<Storage>.size <= keysOffset, "the records fit before the keys")
        guard let records = malloc(MemoryLayout<Record>.stride * HandleBits.maximumRegistries) else { return nil }
        var block: UnsafeMutableRawPointer?
        guard posix_memalign(&block, 64, keysOffset + MemoryLayout<Key>.stride * ids) == 0, let block else {
            free(records)
            return nil
        }
        let buffer = UnsafeMutableBufferPointer(
            start: records.bindMemory(to: Record.self, capacity: HandleBits.maximumRegistries),
            count: HandleBits.maximumRegistries)
        buffer.initialize(repeating: Record())
        guard let locked = Locked(buffer) else {
            free(block)
            free(records)
            return nil
        }
        let made = block.bindMemory(to: Storage.self, capacity: 1)
        made.initialize(to: Storage(records: locked))
        let keys = (block + keysOffset).bindMemory(to: Key.self, capacity: ids)
        for id in 0..<ids { (keys + id).initialize(to: Key()) }
        let (won, found) = published.compareExchange(
            expected: 0, desired: UInt(bitPattern: made), ordering: .acquiringAndReleasing)
        if won { return made }
        // The loser's keys hold nothing to run at deinitialization (atomics
        // of plain integers and a pointer), like RegistryStorage's slots.
        made.deinitialize(count: 1)
        free(block)
        free(records)
        return UnsafeMutablePointer(bitPattern: found)
    }

    /// Reserves an id for a registry being created, or throws
    /// `outOfMemory` (no directory could be made) or `capacityExhausted`
    /// (every id is taken).
    static func reserve() throws(RegistryError) -> Int {
        guard let storage = storageForCreation() else { throw .outOfMemory }
        let id = storage.pointee.records.withLock { records -> Int? in
            guard let id = records.firstIndex(where: { !$0.reserved }) else { return nil }
            records[id].reserved = true
            return id
        }
        guard let id else {
            throw .capacityExhausted(.registries, capacity: HandleBits.maximumRegistries)
        }
        return id
    }

    /// Gives back an id reserved for a creation that then failed.
    static func unreserve(id: Int) {
        storage.unsafelyUnwrapped.pointee.records.withLock { records in records[id] = Record() }
    }

    /// Makes a created registry findable under its core's reserved id, by
    /// its handles and by its own handle.
    static func attach(_ core: UnsafeMutablePointer<RegistryCore>) {
        let storage = storage.unsafelyUnwrapped
        storage.pointee.records.withLock { records in
            records[core.pointee.id].core = core
            let key = key(core.pointee.id, in: storage)
            key.pointee.tables = UInt(bitPattern: core.pointee.tables.header)
            key.pointee.handle.store(core.pointee.handle, ordering: .releasing)
        }
    }

    /// The tables of the live registry whose own handle is `registry`, or
    /// nil: the C dispatch entry points' check of their registry argument,
    /// in a few instructions. It does not protect against a destroy running
    /// at the same time, which the caller rules forbid.
    @inline(__always)
    static func tables(ofRegistry registry: UInt) -> RegistryTables? {
        guard let storage else { return nil }
        let key = key(HandleBits.registry(of: registry), in: storage)
        guard key.pointee.handle.load(ordering: .acquiring) == registry else { return nil }
        // Written before the handle that matched was published.
        return RegistryTables(UnsafeMutablePointer(bitPattern: key.pointee.tables).unsafelyUnwrapped)
    }

    /// The tables of the live registry whose id `handle` carries (any kind
    /// of handle), or nil: for the offload routines, which receive a
    /// binding's or an adapter's handle alone and check it exactly against
    /// these tables next. A value without the tag bit (NULL among them) is
    /// no handle and carries no id: nil, so that no registry's offload hook
    /// hears of it. Like `tables(ofRegistry:)`, it does not protect against
    /// a destroy running at the same time.
    @inline(__always)
    static func tables(forHandle handle: UInt) -> RegistryTables? {
        guard handle & HandleBits.tag != 0, let storage else { return nil }
        let key = key(HandleBits.registry(of: handle), in: storage)
        guard key.pointee.handle.load(ordering: .acquiring) != 0 else { return nil }
        return RegistryTables(UnsafeMutablePointer(bitPattern: key.pointee.tables).unsafelyUnwrapped)
    }

    /// Takes a registry that is going away out of the directory and frees
    /// its core, now or when its last borrower leaves. `registry` is the
    /// registry's own handle; `createdByC` says who asks: a C caller may
    /// destroy only a registry it created. Throws, changing nothing,
    /// `unknownRegistry`, or what `RegistryCore.checkIdle` throws.
    static func release(registry: UInt, createdByC: Bool) throws(RegistryError) {
        guard let storage else { throw .unknownRegistry(handle: registry) }
        let id = HandleBits.registry(of: registry)
        let unborrowed = try storage.pointee.records.withLock {
            records throws(RegistryError) -> UnsafeMutablePointer<RegistryCore>? in
            let key = key(id, in: storage)
            guard id < records.count, key.pointee.handle.load(ordering: .relaxed) == registry,
                let core = records[id].core, core.pointee.createdByC == createdByC
            else { throw .unknownRegistry(handle: registry) }
            try core.pointee.checkIdle()
            key.pointee.handle.store(0, ordering: .releasing)
            guard records[id].borrowers > 0 else {
                records[id] = Record()
                return core
            }
            records[id].core = nil
            records[id].orphan = core
            return nil
        }
        if let unborrowed { RegistryCore.destroy(unborrowed) }
    }

    /// Runs `body` on the core of the registry a handle names, for the C
    /// entry points; throws `error` at once for a value that is no handle at
    /// all (tag bit clear, as in NULL) or names no live registry, and, when
    /// `exact`, for one that is not the registry's own handle. The core
    /// stays allocated while `body` runs, whatever happens to its registry.
    static func withCore<Value>(
        for handle: UInt, exact: Bool = false, orThrow error: RegistryError,
        _ body: (borrowing RegistryCore) throws(RegistryError) -> Value
    ) throws(RegistryError) -> Value {
        guard handle & HandleBits.tag != 0, let storage else { throw error }
        let id = HandleBits.registry(of: handle)
        let borrowed = storage.pointee.records.withLock { records -> UnsafeMutablePointer<RegistryCore>? in
            guard id < records.count, let core = records[id].core, !exact || core.pointee.handle == handle
            else { return nil }
            records[id].borrowers += 1
            return core
        }
        guard let borrowed else { throw error }
        defer {
            let orphan = storage.pointee.records.withLock { records -> UnsafeMutablePointer<RegistryCore>? in
                records[id].borrowers -= 1
                guard records[id].borrowers == 0, let orphan = records[id].orphan else { return nil }
                records[id] = Record()
                return orphan
            }
            if let orphan { RegistryCore.destroy(orphan) }
        }
        return try body(borrowed.pointee)
    }

    /// Frees the directory when the library is unloaded or the process
    /// exits (platform.c's destructor), if no registry is alive or being
    /// made: a registry still alive then keeps it, as the caller kept the
    /// registry. The next creation, if there is one, makes a new directory.
    static func unload() {
        guard let storage else { return }
        let idle = storage.pointee.records.withLock { records in !records.contains { $0.reserved } }
        guard idle,
            published.compareExchange(
                expected: UInt(bitPattern: storage), desired: 0, ordering: .acquiringAndReleasing
            ).exchanged
        else { return }
        let records = storage.pointee.records.withLock { $0.baseAddress }
        storage.deinitialize(count: 1)
        free(storage)
        free(records)
    }
}

/// The library's unload hook (ndischimney_platform.h): see
/// RegistryDirectory.unload. Not an `Ndis*` name, so neither library
/// exports it; `@usableFromInline` keeps an optimized build from dropping
/// it, since no Swift code calls it.
@c(ndis_chimney_unload)
@usableFromInline func cUnload() {
    RegistryDirectory.unload()
}
