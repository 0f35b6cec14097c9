/// Why a registry refused a request. Each case says what was wrong, and maps
/// to the `NDIS_STATUS` the C entry points return.
///
/// Named `InstallationError` before version 1.0.0, when the registry did no
/// more than install entry points; that name still compiles.
public enum RegistryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The characteristics structure is malformed.
    case invalidCharacteristics(CharacteristicsError)
    /// `Header.Type` names a structure this library does not install.
    case unsupportedObjectType(NDISObjectType)
    /// `Header.Type` names a structure the other side registers: the client
    /// structures come from a protocol driver's handle, the provider
    /// structures from a miniport driver's.
    case wrongSideObjectType(NDISObjectType)
    /// The handle names no registered driver of the kind the call takes
    /// (NULL, stale, foreign, the other kind).
    case unknownDriver(handle: UInt)
    /// The handle names no open binding (NULL, closed, foreign), or one
    /// another thread is closing now.
    case unknownBinding(handle: UInt)
    /// The handle names no adapter (NULL, removed, foreign), or one another
    /// thread is removing now.
    case unknownAdapter(handle: UInt)
    /// The value names no registry alive (a C caller's registry pointer:
    /// NULL, forged, another kind of handle, or a destroyed registry's), or
    /// names one a C caller may not destroy (a Swift `ProtocolRegistry`'s).
    case unknownRegistry(handle: UInt)
    /// Called from a handler that the call would have to wait for: closing
    /// the binding whose handler is running on this thread (or further up
    /// its stack), or destroying the registry one of whose handlers is.
    /// Waiting would never end; freeing would pull memory from under it.
    case calledFromOwnHandler
    /// A close gave up waiting at its deadline: the binding is closed to
    /// new completions, but this many calls are in flight in it (handlers
    /// still running or whose threads never returned from them, and offload
    /// requests the adapter has not completed). Closing the same handle
    /// again waits again.
    case closeTimedOut(dispatchesInFlight: Int)
    /// A registry cannot be destroyed while this many calls are in flight in
    /// its bindings and adapters (handlers running, or whose threads never
    /// returned from them, and offload requests outstanding).
    case registryBusy(dispatchesInFlight: Int)
    /// Every slot of this kind is taken.
    case capacityExhausted(RegistryResource, capacity: Int)
    /// A capacity given at creation is out of range.
    case invalidCapacity(RegistryResource, value: Int, minimum: Int, maximum: Int)
    /// A protocol driver cannot be deregistered while it has bindings open
    /// or closing.
    case driverHasOpenBindings(count: Int)
    /// A miniport driver cannot be deregistered while it has adapters.
    case driverHasAdapters(count: Int)
    /// An adapter cannot be removed while bindings are bound to it (close
    /// them first: each close waits for its outstanding requests, as NDIS
    /// unbinds before it halts an adapter).
    case adapterHasBindings(count: Int)
    /// No handle value is left to give out: the process has given out all
    /// `limit` (so that no value is ever given out twice), or the registry
    /// its lowered budget.
    case handleValuesExhausted(limit: UInt)
    /// Creating the registry needed more memory than there is.
    case outOfMemory

    /// The status NDIS answers for this refusal.
    public var status: NDISStatus {
        switch self {
        case .invalidCharacteristics(let error): error.status
        case .unsupportedObjectType, .wrongSideObjectType: .notSupported
        case .unknownDriver, .unknownBinding, .unknownAdapter, .unknownRegistry, .invalidCapacity: .invalidParameter
        case .capacityExhausted, .handleValuesExhausted, .outOfMemory: .resources
        case .driverHasOpenBindings, .driverHasAdapters, .adapterHasBindings, .registryBusy: .failure
        case .calledFromOwnHandler: .invalidDeviceRequest
        case .closeTimedOut: .pending
        }
    }

    /// One line naming the value at fault and what was expected.
    public var description: String {
        switch self {
        case .invalidCharacteristics(let error):
            return error.description
        case .unsupportedObjectType(let type):
            return "Header.Type is \(type), expected one of the four chimney offload characteristics"
        case .wrongSideObjectType(let type):
            return "Header.Type is \(type), which the other side registers (client structures from a protocol "
                + "driver, provider structures from a miniport driver)"
        case .unknownDriver(let handle):
            return "NdisHandle \(hex(handle, digits: 16)) is not a registered driver of the kind the call takes"
        case .unknownBinding(let handle):
            return "binding handle \(hex(handle, digits: 16)) is not an open binding"
        case .unknownAdapter(let handle):
            return "NdisMiniportHandle \(hex(handle, digits: 16)) is not an adapter"
        case .unknownRegistry(let handle):
            return "Registry \(hex(handle, digits: 16)) is not a registry this caller may use"
        case .calledFromOwnHandler:
            return "called from a handler the call would wait for (its binding's, or one further up this thread)"
        case .closeTimedOut(let count):
            return "the close timed out with \(count) call\(count == 1 ? "" : "s") still in flight"
        case .registryBusy(let count):
            return "the registry has \(count) call\(count == 1 ? "" : "s") in flight"
        case .capacityExhausted(let resource, let capacity):
            return "no room for more \(resource): all \(capacity) are in use"
        case .invalidCapacity(let resource, let value, let minimum, let maximum):
            return "\(resource) capacity is \(value), expected \(minimum) to \(maximum)"
        case .driverHasOpenBindings(let count):
            return "the protocol driver still has \(count) binding\(count == 1 ? "" : "s") open or closing"
        case .driverHasAdapters(let count):
            return "the miniport driver still has \(count) adapter\(count == 1 ? "" : "s")"
        case .adapterHasBindings(let count):
            return "the adapter still has \(count) binding\(count == 1 ? "" : "s") bound to it"
        case .handleValuesExhausted(let limit):
            return "no handle value left to give out (the process gives out at most \(limit))"
        case .outOfMemory:
            return "not enough memory for the registry's slots"
        }
    }
}

/// What a registry holds a fixed number of, as its errors name it.
public enum RegistryResource: Hashable, Sendable, CustomStringConvertible {
    /// Registered protocol drivers (`MaxProtocolDrivers`).
    case protocolDrivers
    /// Open bindings (`MaxBindings`).
    case bindings
    /// Registered miniport drivers (`MaxMiniportDrivers`).
    case miniportDrivers
    /// Adapters (`MaxAdapters`).
    case adapters
    /// Registries alive at once in the process (255).
    case registries

    /// The plural noun errors use, for example `protocol drivers`.
    public var description: String {
        switch self {
        case .protocolDrivers: "protocol drivers"
        case .bindings: "bindings"
        case .miniportDrivers: "miniport drivers"
        case .adapters: "adapters"
        case .registries: "registries"
        }
    }
}

/// The name `RegistryError` had before version 1.0.0.
@available(*, deprecated, renamed: "RegistryError")
public typealias InstallationError = RegistryError
