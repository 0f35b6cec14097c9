import Synchronization

/// The bit layout shared by every handle this library gives out (drivers and
/// bindings) and by a binding slot's state word, so that one XOR and one mask
/// tell whether a handle still names a live binding.
///
///     bit  0       handle: always 1 (a handle is never NULL)
///                  state word: 1 while the binding is open
///     bit  1       handle: always 0
///                  state word: 1 while its entry points are being replaced
///     bits 2...21  handle: bits 2...5 zero, bits 6...21 the slot index, so
///                  that `handle & slotOffsetMask` is the byte offset of a
///                  64-byte binding slot with no shift at all
///                  state word: dispatches in flight on the binding
///     bits 22...29 the registry's id in the process (RegistryDirectory)
///     bits 30...63 a generation drawn from one process-wide counter, so a
///                  closed or foreign handle never matches again (until the
///                  34-bit counter wraps, after 1.7e10 opens and registrations)
///
/// Handles are 64-bit values; the registry runs on 64-bit hosts.
@usableFromInline
enum HandleBits {
    /// The tag of a handle; the open bit of a state word.
    @usableFromInline static let tag: UInt = 1
    /// In a state word: the binding's entry points are being replaced.
    @usableFromInline static let replacing: UInt = 1 << 1
    /// One dispatch in flight, in a state word.
    @usableFromInline static let inFlightUnit: UInt = 1 << 2
    /// The in-flight count of a state word.
    @usableFromInline static let inFlightMask: UInt = ((1 << 20) - 1) << 2
    /// The slot index of a handle, in place: the byte offset of its slot.
    @usableFromInline static let slotOffsetMask: UInt = 0xFFFF << slotShift
    /// Bytes per slot: the index sits this many bits up.
    static let slotShift = 6
    /// The bits a handle and the state word of its live binding agree on:
    /// tag/open, not-replacing, registry id and generation.
    @usableFromInline static let identityMask: UInt = ~inFlightMask

    static let indexBits = 16
    static let registryShift = 22
    static let registryBits = 8
    static let generationShift = 30

    /// The largest number of slots (drivers or bindings) one registry may have.
    static let maximumCapacity = (1 << indexBits) - 1
    /// The largest number of registries alive at once in one process.
    static let maximumRegistries = (1 << registryBits) - 1

    /// The slot index a handle names (not yet bounds-checked).
    static func index(of handle: UInt) -> Int {
        Int(truncatingIfNeeded: (handle & slotOffsetMask) >> UInt(slotShift))
    }

    /// The registry id a handle names.
    static func registry(of handle: UInt) -> Int {
        Int(truncatingIfNeeded: (handle >> UInt(registryShift)) & UInt((1 << registryBits) - 1))
    }

    /// A new handle for slot `index` of registry `registry`, with a fresh generation.
    static func make(index: Int, registry: Int) -> UInt {
        let generation = generations.wrappingAdd(1, ordering: .relaxed).newValue
        return generation << UInt(generationShift) | UInt(registry) << UInt(registryShift)
            | UInt(index) << UInt(slotShift) | tag
    }

    /// Whether a state word shows the binding `handle` names open, under
    /// that generation, and not being given new entry points.
    @inlinable
    static func matches(_ state: UInt, _ handle: UInt) -> Bool {
        (state ^ handle) & identityMask == 0
    }

    /// The identity bits of a handle: what its live state word carries.
    static func identity(of handle: UInt) -> UInt { handle & identityMask }
}

/// The process-wide generation counter behind HandleBits.make.
private let generations = Atomic<UInt>(0)
