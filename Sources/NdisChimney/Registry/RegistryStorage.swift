import CNdisChimneyPlatform

/// Every byte a registry uses after creation, allocated at once when it is
/// created, so that no later call (control path or dispatch) allocates, and
/// a failed allocation is an answer (NDIS_STATUS_RESOURCES), not an abort.
///
/// `bindings` and `drivers` are what dispatchers read (atomics and fields
/// written only while no dispatcher reads them, see BindingSlot); the other
/// three are the control path's bookkeeping, touched only under its lock.
struct RegistryStorage {
    /// The binding table: its header's 64 bytes (written by the creator,
    /// which knows the registry's id), then binding slot `i` at byte
    /// `64 + i << HandleBits.slotShift`, 64-byte aligned (BindingTable).
    let bindings: UnsafeMutableRawPointer
    /// One entry-point set per driver slot.
    let drivers: UnsafeMutablePointer<DriverEntryPoints>
    /// Per driver slot: its handle (0 when free) and its open bindings.
    let driverRecords: UnsafeMutableBufferPointer<DriverRecord>
    /// Per binding slot: its handle (0 when free or closing) and its driver.
    let bindingRecords: UnsafeMutableBufferPointer<BindingRecord>
    /// The free driver slots then the free binding slots, each a stack.
    let freeSlots: UnsafeMutableBufferPointer<Int32>

    /// Allocates and initializes the storage for the given capacities (each
    /// at most HandleBits.maximumCapacity), or nil when memory runs out.
    init?(driverCapacity: Int, bindingCapacity: Int) {
        let slotBytes = 1 << HandleBits.slotShift
        precondition(MemoryLayout<BindingSlot>.size <= slotBytes, "a binding slot fits its cache line")
        precondition(MemoryLayout<BindingTable.Header>.size <= BindingTable.headerBytes, "the header fits its line")
        guard let bindings = Self.allocate((1 + bindingCapacity) * slotBytes, alignment: slotBytes) else {
            return nil
        }
        let pieces = (
            Self.allocate(driverCapacity * MemoryLayout<DriverEntryPoints>.stride, alignment: 64),
            Self.allocate(driverCapacity * MemoryLayout<DriverRecord>.stride),
            Self.allocate(bindingCapacity * MemoryLayout<BindingRecord>.stride),
            Self.allocate((driverCapacity + bindingCapacity) * MemoryLayout<Int32>.stride)
        )
        guard let drivers = pieces.0, let driverRecords = pieces.1, let bindingRecords = pieces.2,
            let freeSlots = pieces.3
        else {
            free(bindings)
            free(pieces.0)
            free(pieces.1)
            free(pieces.2)
            free(pieces.3)
            return nil
        }
        self.bindings = bindings
        for index in 0..<bindingCapacity {
            (bindings + BindingTable.headerBytes + index * slotBytes).bindMemory(to: BindingSlot.self, capacity: 1)
                .initialize(to: BindingSlot())
        }
        self.drivers = drivers.bindMemory(to: DriverEntryPoints.self, capacity: driverCapacity)
        for index in 0..<driverCapacity { (self.drivers + index).initialize(to: DriverEntryPoints()) }
        self.driverRecords = UnsafeMutableBufferPointer(
            start: driverRecords.bindMemory(to: DriverRecord.self, capacity: driverCapacity), count: driverCapacity)
        self.driverRecords.initialize(repeating: DriverRecord())
        self.bindingRecords = UnsafeMutableBufferPointer(
            start: bindingRecords.bindMemory(to: BindingRecord.self, capacity: bindingCapacity),
            count: bindingCapacity)
        self.bindingRecords.initialize(repeating: BindingRecord())
        self.freeSlots = UnsafeMutableBufferPointer(
            start: freeSlots.bindMemory(to: Int32.self, capacity: driverCapacity + bindingCapacity),
            count: driverCapacity + bindingCapacity)
        self.freeSlots.initialize(repeating: 0)
    }

    /// Frees everything. No call on the registry may be under way.
    ///
    /// The slots and entry-point sets are freed without `deinitialize`: they
    /// hold only atomics of plain integers and raw pointers, which own
    /// nothing, so there is nothing to run. (Swift 6.3.1's Embedded compiler
    /// also stops with an IRGen assertion, `hasValidSignatureForEmbedded`, on
    /// the destructor call that `deinitialize` of memory holding `Atomic`
    /// would emit.)
    /// One call per piece, not a loop over an array of them: an array
    /// literal would allocate.
    func deallocate() {
        free(bindings)
        free(drivers)
        free(driverRecords.baseAddress)
        free(bindingRecords.baseAddress)
        free(freeSlots.baseAddress)
    }

    /// `bytes` of memory aligned to `alignment`, or nil.
    private static func allocate(_ bytes: Int, alignment: Int = 16) -> UnsafeMutableRawPointer? {
        var pointer: UnsafeMutableRawPointer?
        guard posix_memalign(&pointer, alignment, max(bytes, 1)) == 0 else { return nil }
        return pointer
    }
}

/// The control path's record of one driver slot.
struct DriverRecord {
    /// The handle it was registered under; 0 while the slot is free.
    var handle: UInt = 0
    /// Bindings open or closing (not yet drained).
    var openBindings = 0
}

/// The control path's record of one binding slot.
struct BindingRecord {
    /// The handle it was opened under; 0 while the slot is free.
    var handle: UInt = 0
    /// The driver slot that opened it.
    var driver = 0
    /// How far its close has got.
    var closing = Closing.no

    /// How far a binding's close has got.
    enum Closing {
        /// Not begun: the binding is open.
        case no
        /// Begun, and a close is waiting for the handlers in flight.
        case waiting
        /// Begun, and the last close gave up waiting (a timeout): the next
        /// close of the same handle waits again.
        case abandoned
    }
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
