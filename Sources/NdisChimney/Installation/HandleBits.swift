import Synchronization

/// The bit layout shared by every handle this library gives out (drivers and
/// bindings) and by a binding slot's state word, so that one XOR and one mask
/// tell whether a handle still names a live binding.
///
///     bit  0       handle: always 1 (a handle is never NULL)
///                  state word: 1 while the binding is open
///     bits 1...20  handle: the slot index (16 bits used)
///                  state word: dispatches in flight on the binding
///     bits 21...28 the registry's id in the process (RegistryDirectory)
///     bits 29...63 a generation drawn from one process-wide counter, so a
///                  closed or foreign handle never matches again (until the
///                  35-bit counter wraps, after 3.4e10 opens and registrations)
///
/// Handles are 64-bit values; the registry runs on 64-bit hosts.
@usableFromInline
enum HandleBits {
    /// The tag of a handle; the open bit of a state word.
    @usableFromInline static let tag: UInt = 1
    /// One dispatch in flight, in a state word.
    @usableFromInline static let inFlightUnit: UInt = 1 << 1
    /// The in-flight count of a state word.
    @usableFromInline static let inFlightMask: UInt = ((1 << 20) - 1) << 1
    /// The bits a handle and the state word of its live binding agree on:
    /// tag/open, registry id and generation.
    @usableFromInline static let identityMask: UInt = ~inFlightMask

    static let indexBits = 16
    static let registryShift = 21
    static let registryBits = 8
    static let generationShift = 29

    /// The largest number of slots (drivers or bindings) one registry may have.
    static let maximumCapacity = (1 << indexBits) - 1
    /// The largest number of registries alive at once in one process.
    static let maximumRegistries = (1 << registryBits) - 1

    /// The slot index a handle names (not yet bounds-checked).
    @inlinable
    static func index(of handle: UInt) -> Int {
        Int(truncatingIfNeeded: (handle >> 1) & 0xFFFF)
    }

    /// The registry id a handle names.
    static func registry(of handle: UInt) -> Int {
        Int(truncatingIfNeeded: (handle >> UInt(registryShift)) & UInt((1 << registryBits) - 1))
    }

    /// A new handle for slot `index` of registry `registry`, with a fresh generation.
    static func make(index: Int, registry: Int) -> UInt {
        let generation = generations.wrappingAdd(1, ordering: .relaxed).newValue
        return generation << UInt(generationShift) | UInt(registry) << UInt(registryShift)
            | UInt(index) << 1 | tag
    }

    /// The identity bits of a handle: what its live state word carries.
    static func identity(of handle: UInt) -> UInt { handle & identityMask }
}

/// The process-wide generation counter behind HandleBits.make.
private let generations = Atomic<UInt>(0)
