/// The registries alive in this process, by id, and each id's generation
/// counter. `NdisSetOptionalHandlers` receives only a driver handle, so the
/// handle carries its registry's id (HandleBits) and this directory turns
/// the id back into the registry. Control path only: dispatch never looks here.
///
/// An id's counter outlives the registries that use the id: the next
/// registry under the same id goes on from where the last one stopped, so
/// no two handles ever given out under one id are equal. An id whose counter
/// is spent is retired for the life of the process.
enum RegistryDirectory {
    private struct Entry {
        var reserved = false
        var retired = false
        /// For Swift callers, who get a strong reference (nil once it deinitializes).
        weak var registry: ProtocolRegistry?
        /// For the C entry points, whose caller holds the registry alive
        /// until NdisChimneyDestroyRegistry: no reference counting.
        var unowned: Unmanaged<ProtocolRegistry>?
        /// The first generation the next registry under this id gives out.
        var nextGeneration: UInt = 1
    }

    private static let entries = Locked<[Entry]>(
        Array(repeating: Entry(), count: HandleBits.maximumRegistries))

    /// Reserves an id for a registry being created and returns it with the
    /// generation its handles start at, or nil when every id is taken or retired.
    static func reserve() -> (id: Int, nextGeneration: UInt)? {
        entries.withLock { entries in
            guard let id = entries.firstIndex(where: { !$0.reserved && !$0.retired }) else { return nil }
            entries[id].reserved = true
            return (id, entries[id].nextGeneration)
        }
    }

    /// Makes a created registry findable under its reserved id.
    static func attach(_ registry: ProtocolRegistry, id: Int) {
        entries.withLock { entries in
            entries[id].registry = registry
            entries[id].unowned = Unmanaged.passUnretained(registry)
        }
    }

    /// Frees an id as its registry goes away, keeping where its generations
    /// stopped; retires it when `spent`.
    static func release(id: Int, nextGeneration: UInt, spent: Bool) {
        entries.withLock { entries in
            entries[id] = Entry(retired: spent, nextGeneration: nextGeneration)
        }
    }

    /// The live registry a handle names, if any.
    static func registry(for handle: UInt) -> ProtocolRegistry? {
        let id = HandleBits.registry(of: handle)
        return entries.withLock { entries in id < entries.count ? entries[id].registry : nil }
    }

    /// Runs `body` on the registry a handle names, without retaining it, for
    /// the C entry points; throws `error` when no registry has that id.
    static func withRegistry<Value>(
        for handle: UInt, orThrow error: InstallationError,
        _ body: (ProtocolRegistry) throws(InstallationError) -> Value
    ) throws(InstallationError) -> Value {
        let id = HandleBits.registry(of: handle)
        guard let registry = entries.withLock({ entries in id < entries.count ? entries[id].unowned : nil }) else {
            throw error
        }
        // Typed throws do not pass through _withUnsafeGuaranteedRef; a Result does.
        return try registry._withUnsafeGuaranteedRef { registry in
            Result { () throws(InstallationError) in try body(registry) }
        }.get()
    }
}
