import CNdisChimneyPlatform

/// How many of each thing a registry holds at once, fixed at creation.
package struct RegistryCapacities: Sendable, Equatable {
    /// Registered protocol drivers (`MaxProtocolDrivers`, 1 to 65,535).
    package var protocolDrivers: Int
    /// Open bindings (`MaxBindings`, 1 to 65,535).
    package var bindings: Int
    /// Registered miniport drivers, the offload targets (`MaxMiniportDrivers`, 0 to 65,535).
    package var miniportDrivers: Int
    /// Their adapters (`MaxAdapters`, 0 to 65,535).
    package var adapters: Int

    package init(protocolDrivers: Int, bindings: Int, miniportDrivers: Int = 0, adapters: Int = 0) {
        self.protocolDrivers = protocolDrivers
        self.bindings = bindings
        self.miniportDrivers = miniportDrivers
        self.adapters = adapters
    }

    /// All the drivers: protocol drivers' slots first, then miniport drivers'.
    var drivers: Int { protocolDrivers + miniportDrivers }
}

/// Every byte a registry uses after creation, allocated at once when it is
/// created, so that no later call (control path or hot path) allocates, and
/// a failed allocation is an answer (NDIS_STATUS_RESOURCES), not an abort.
///
/// `bindings`, `adapters` and `entryPoints` are what the hot paths read
/// (atomics, and fields written only while no call reads them: SlotState);
/// the records and free stacks are the control path's bookkeeping, touched
/// only under its lock.
struct RegistryStorage {
    /// The hot paths' tables: the header's 128 bytes (written by the creator,
    /// which knows the registry's id), then binding slot `i` at byte
    /// `128 + i << HandleBits.slotShift`, 64-byte aligned (RegistryTables).
    let bindings: UnsafeMutableRawPointer
    /// Adapter slot `i` at byte `i << HandleBits.slotShift`, 64-byte aligned
    /// (one slot at least, so that the address is never NULL).
    let adapters: UnsafeMutableRawPointer
    /// One entry-point set per driver slot (protocol drivers', then miniport
    /// drivers'), then one for the offload hook (its function and context).
    let entryPoints: UnsafeMutablePointer<DriverEntryPoints>
    /// Per driver slot, in the order of `entryPoints`.
    let driverRecords: UnsafeMutableBufferPointer<DriverRecord>
    /// Per binding slot.
    let bindingRecords: UnsafeMutableBufferPointer<BindingRecord>
    /// Per adapter slot.
    let adapterRecords: UnsafeMutableBufferPointer<AdapterRecord>
    /// The free protocol driver, binding, miniport driver and adapter slots,
    /// each a stack, in that order.
    let freeSlots: UnsafeMutablePointer<Int32>

    /// Allocates and initializes the storage for `capacities` (each at most
    /// HandleBits.maximumCapacity), or nil when memory runs out.
    init?(_ capacities: RegistryCapacities) {
        let slotBytes = 1 << HandleBits.slotShift
        precondition(MemoryLayout<BindingSlot>.size <= slotBytes, "a binding slot fits its cache line")
        precondition(MemoryLayout<AdapterSlot>.size <= slotBytes, "an adapter slot fits its cache line")
        precondition(
            MemoryLayout<RegistryTables.Header>.size <= RegistryTables.headerBytes, "the header fits its lines")
        let sets = capacities.drivers + 1
        let slots = capacities.drivers + capacities.bindings + capacities.adapters
        let pieces = (
            Self.allocate(RegistryTables.headerBytes + capacities.bindings * slotBytes, alignment: slotBytes),
            Self.allocate(max(capacities.adapters, 1) * slotBytes, alignment: slotBytes),
            Self.allocate(sets * MemoryLayout<DriverEntryPoints>.stride, alignment: 64),
            Self.allocate(capacities.drivers * MemoryLayout<DriverRecord>.stride),
            Self.allocate(capacities.bindings * MemoryLayout<BindingRecord>.stride),
            Self.allocate(capacities.adapters * MemoryLayout<AdapterRecord>.stride),
            Self.allocate(slots * MemoryLayout<Int32>.stride)
        )
        guard let bindings = pieces.0, let adapters = pieces.1, let entryPoints = pieces.2,
            let driverRecords = pieces.3, let bindingRecords = pieces.4, let adapterRecords = pieces.5,
            let freeSlots = pieces.6
        else {
            free(pieces.0)
            free(pieces.1)
            free(pieces.2)
            free(pieces.3)
            free(pieces.4)
            free(pieces.5)
            free(pieces.6)
            return nil
        }
        self.bindings = bindings
        for index in 0..<capacities.bindings {
            (bindings + RegistryTables.headerBytes + index * slotBytes).bindMemory(to: BindingSlot.self, capacity: 1)
                .initialize(to: BindingSlot())
        }
        self.adapters = adapters
        for index in 0..<capacities.adapters {
            (adapters + index * slotBytes).bindMemory(to: AdapterSlot.self, capacity: 1).initialize(to: AdapterSlot())
        }
        self.entryPoints = entryPoints.bindMemory(to: DriverEntryPoints.self, capacity: sets)
        for index in 0..<sets { (self.entryPoints + index).initialize(to: DriverEntryPoints()) }
        self.driverRecords = Self.records(driverRecords, capacities.drivers, DriverRecord())
        self.bindingRecords = Self.records(bindingRecords, capacities.bindings, BindingRecord())
        self.adapterRecords = Self.records(adapterRecords, capacities.adapters, AdapterRecord())
        self.freeSlots = freeSlots.bindMemory(to: Int32.self, capacity: slots)
        self.freeSlots.initialize(repeating: 0, count: slots)
    }

    /// `count` records in `memory`, each `initial`.
    private static func records<Record>(
        _ memory: UnsafeMutableRawPointer, _ count: Int, _ initial: Record
    ) -> UnsafeMutableBufferPointer<Record> {
        let records = UnsafeMutableBufferPointer(
            start: memory.bindMemory(to: Record.self, capacity: count), count: count)
        records.initialize(repeating: initial)
        return records
    }

    /// Frees everything. No call on the registry may be under way.
    ///
    /// The slots and entry-point sets are freed without `deinitialize`: they
    /// hold only atomics of plain integers and raw pointers, which own
    /// nothing, so there is nothing to run. (Swift 6.3.1's Embedded compiler
    /// also stops with an IRGen assertion, `hasValidSignatureForEmbedded`, on
    /// the destructor call that `deinitialize` of memory holding `Atomic`
    /// would emit.) One call per piece, not a loop over an array of them: an
    /// array literal would allocate.
    func deallocate() {
        free(bindings)
        free(adapters)
        free(entryPoints)
        free(driverRecords.baseAddress)
        free(bindingRecords.baseAddress)
        free(adapterRecords.baseAddress)
        free(freeSlots)
    }

    /// `bytes` of memory aligned to `alignment`, or nil.
    private static func allocate(_ bytes: Int, alignment: Int = 16) -> UnsafeMutableRawPointer? {
        var pointer: UnsafeMutableRawPointer?
        guard posix_memalign(&pointer, alignment, max(bytes, 1)) == 0 else { return nil }
        return pointer
    }
}

/// The control path's record of one driver slot, protocol or miniport.
struct DriverRecord {
    /// The handle it was registered under; 0 while the slot is free.
    var handle: UInt = 0
    /// A protocol driver's bindings open or closing (not yet drained); a
    /// miniport driver's adapters.
    var children = 0
    /// The TCP characteristics it registered last (the client's for a
    /// protocol driver, the provider's for a miniport driver): laid out,
    /// validated and kept, not dispatched.
    var tcp: Characteristics? = nil
}

/// The control path's record of one binding slot.
struct BindingRecord {
    /// The handle it was opened under; 0 while the slot is free.
    var handle: UInt = 0
    /// The driver slot that opened it.
    var driver = 0
    /// The adapter slot it is bound to; nil for none.
    var adapter: Int? = nil
    /// How far its close has got.
    var closing = Closing.no

    /// How far a close has got (of a binding or an adapter).
    enum Closing {
        /// Not begun: open.
        case no
        /// Begun, and a close is waiting for the calls in flight.
        case waiting
        /// Begun, and the last close gave up waiting (a timeout): the next
        /// close of the same handle waits again.
        case abandoned
    }
}

/// The control path's record of one adapter slot.
struct AdapterRecord {
    /// The handle it was added under (its NdisMiniportHandle); 0 while free.
    var handle: UInt = 0
    /// The miniport driver's slot among the driver records.
    var miniport = 0
    /// Bindings bound to it, open or closing.
    var boundBindings = 0
}

/// A stack of free slot indices over storage allocated at creation.
struct SlotStack {
    private let base: UnsafeMutablePointer<Int32>
    private(set) var count: Int

    /// A stack over `capacity` elements at `base`, holding every index below
    /// `capacity`, lowest on top.
    init(base: UnsafeMutablePointer<Int32>, capacity: Int) {
        self.base = base
        for position in 0..<capacity { base[position] = Int32(capacity - 1 - position) }
        count = capacity
    }

    /// Takes a free index, or nil when none is left.
    mutating func pop() -> Int? {
        guard count > 0 else { return nil }
        count -= 1
        return Int(base[count])
    }

    /// Gives an index back. Only indices popped before, each once.
    mutating func push(_ index: Int) {
        base[count] = Int32(index)
        count += 1
    }
}
