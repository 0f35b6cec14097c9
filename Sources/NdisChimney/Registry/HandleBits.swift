import Synchronization

/// The bit layout of the handles this library gives out (registries,
/// drivers and bindings) and of a binding slot's state word.
///
/// A handle (64 bits):
///
///     bit  0       always 1, so no handle is NULL
///     bits 1...3   the kind (HandleKind: binding, protocol driver,
///                  registry, miniport driver, adapter)
///     bits 4...5   always 0
///     bits 6...21  the slot index, in place: these bits of a handle are the
///                  byte offset of a 64-byte slot with no shift (0 in a
///                  registry's own handle)
///     bits 22...29 the registry's id in the process (RegistryDirectory)
///     bits 30...63 the generation: a keyed permutation of a counter for
///                  the whole process, so no two handles the process gives
///                  out have the same generation, none is ever given out
///                  twice, and one handle's generation says nothing about
///                  the next one's
///
/// Bits 0...29 but the index are the same in every handle of one kind from
/// one registry (its `constantBits`); the index must name a slot of the
/// registry; the generation must be the one that slot was opened with (or,
/// for a registry's own handle, the registry was created with). So a handle
/// is accepted only exactly as it was returned: NULL, another kind, another
/// registry's handle and a closed handle each fail one of those three
/// comparisons. Changing any one bit of a live handle does too: a generation
/// belongs to one slot of one registry, so moving the handle to another slot
/// or registry keeps a generation that is not theirs, and the one slot it
/// belongs to is open under no other generation. Counting up from a live
/// handle finds nothing either: the generations are a permutation keyed by a
/// random value drawn at the process's first registry creation, so the
/// handles given out next are not near the ones given out before.
///
/// A binding slot's state word (64 bits):
///
///     bits 0...27  dispatches in flight (each one adds 1 before it checks)
///     bit  28      1 while a close waits for the count to drain
///     bit  29      1 while the slot is closed (free, never opened, closing)
///     bits 30...63 the generation the slot was last opened with (0: never,
///                  or its binding's close is done)
///
/// A dispatch adds 1 and finds the word it added to, `found`. It delivers
/// only when `found ^ (handle & generationMask)` is below the in-flight
/// limit: that one comparison needs the generations equal (else the result
/// is at least 2^30), the slot open (else at least 2^29), no close waiting
/// (else at least 2^28) and fewer dispatches than the limit in flight. The
/// limit is far below 2^28, and every dispatch that went over it takes its 1
/// back at once, so the count can never carry into the flags: the spare room
/// is one transient add per thread in the process.
///
/// Handles are 64-bit values; the registry runs on 64-bit hosts.
@usableFromInline
enum HandleBits {
    // The constants the dispatch path uses are computed properties, not
    // stored `static let`s: another module reads a stored global through an
    // accessor call per use, a computed one folds to an immediate.

    /// Bit 0 of every handle.
    @inlinable static var tag: UInt { 1 }
    /// Where a handle's kind starts.
    static let kindShift = 1
    /// Bytes per binding slot: the index sits this many bits up.
    @inlinable static var slotShift: Int { 6 }
    static let indexBits = 16
    static let registryShift = 22
    static let registryBits = 8
    @inlinable static var generationShift: Int { 30 }
    /// How many bits the generation has.
    static let generationBits = UInt.bitWidth - generationShift
    /// The generation of a handle or state word, in place.
    @inlinable static var generationMask: UInt { ~0 << UInt(generationShift) }
    /// Bits 0...29 of a handle: everything but the generation.
    @inlinable static var lowMask: UInt { ~generationMask }

    /// In a state word: the slot is closed.
    @inlinable static var closed: UInt { 1 << 29 }
    /// In a state word: a close waits for the in-flight count to drain.
    @inlinable static var closeWaiting: UInt { 1 << 28 }
    /// In a state word: the dispatches in flight.
    @inlinable static var inFlightMask: UInt { closeWaiting - 1 }

    /// The largest number of slots (drivers or bindings) one registry may have.
    static let maximumCapacity = (1 << indexBits) - 1
    /// The largest number of registries alive at once in one process.
    static let maximumRegistries = (1 << registryBits) - 1
    /// The largest generation counter, and so the most handles the process
    /// gives out over its life: 2^34 - 1.
    static let maximumGeneration: UInt = (1 << UInt(generationBits)) - 1
    /// The default and largest number of dispatches in flight on one binding
    /// at once (threads times re-entrant depth): 2^20 - 1.
    static let maximumInFlight: UInt = (1 << 20) - 1

    /// The bits every handle of `kind` from registry `registry` has in
    /// common: tag, kind, zeros and the registry id.
    static func constantBits(registry: Int, kind: HandleKind) -> UInt {
        UInt(registry) << UInt(registryShift) | kind.rawValue << UInt(kindShift) | tag
    }

    /// The handle for slot `index` of a registry with `constantBits`, under `generation`.
    static func make(index: Int, generation: UInt, constantBits: UInt) -> UInt {
        generation << UInt(generationShift) | UInt(index) << UInt(slotShift) | constantBits
    }

    /// The slot index `handle` names if its constant bits are `constantBits`
    /// and the index is below `capacity`; nil otherwise. Says nothing yet of
    /// the generation.
    @inlinable
    static func index(of handle: UInt, constantBits: UInt, capacity: UInt) -> Int? {
        let offset = slotOffset(of: handle, constantBits: constantBits, capacity: capacity)
        return offset.map { Int(bitPattern: $0 >> UInt(slotShift)) }
    }

    /// The byte offset of the slot `handle` names, checked as `index` checks
    /// it, in four instructions: XOR with the constant bits leaves the offset
    /// alone when they are right and sets a bit outside it when not; rotating
    /// right by `slotShift` turns any bit left in 0...5 into a number far
    /// above any capacity, so one unsigned comparison checks both.
    @inlinable @inline(__always)
    static func slotOffset(of handle: UInt, constantBits: UInt, capacity: UInt) -> UInt? {
        let offset = (handle & lowMask) ^ constantBits
        let index = offset >> UInt(slotShift) | offset << UInt(UInt.bitWidth - slotShift)
        return index < capacity ? offset : nil
    }

    /// The registry id a handle names.
    @inline(__always)
    static func registry(of handle: UInt) -> Int {
        Int(truncatingIfNeeded: (handle >> UInt(registryShift)) & UInt((1 << registryBits) - 1))
    }

    /// The generation of a handle or state word.
    static func generation(of word: UInt) -> UInt { word >> UInt(generationShift) }

    /// A generation no handle has had, or nil once the process has given out
    /// `maximumGeneration` of them (the counter is 64 bits wide and does not
    /// wrap in practice either). Callers draw one only for a handle they are
    /// about to give out, so a refused request uses none.
    static func nextGeneration() -> UInt? {
        while true {
            let count = generations.wrappingAdd(1, ordering: .relaxed).newValue
            guard count <= maximumGeneration else { return nil }
            // The permutation is a bijection, so counts that differ give
            // generations that differ; the one count it maps to 0 (the
            // generation of a slot never opened) is skipped.
            let generation = GenerationKey.permute(count)
            if generation != 0 { return generation }
        }
    }

    /// How many generations the process has drawn: what the handle budget
    /// has spent, for tests.
    static var generationsDrawn: UInt { generations.load(ordering: .relaxed) }
}

/// What a handle names: bits 1...3 of it.
enum HandleKind: UInt {
    /// An open binding.
    case binding = 0
    /// A registered protocol driver.
    case protocolDriver = 1
    /// A registry itself (a C caller's `PNDIS_CHIMNEY_REGISTRY`).
    case registry = 2
    /// A registered miniport driver (an offload target).
    case miniportDriver = 3
    /// An adapter of a miniport driver: its NdisMiniportHandle.
    case adapter = 4
}

/// The process-wide generation counter behind `HandleBits.nextGeneration`.
private let generations = Atomic<UInt>(0)
