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
    /// The handle names no registered protocol driver (NULL, stale, foreign).
    case unknownDriver(handle: UInt)
    /// The handle names no open binding (NULL, closed, foreign), or one
    /// another thread is closing now.
    case unknownBinding(handle: UInt)
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
    /// new completions, but this many dispatches (handlers still running,
    /// or whose threads never returned from them) are in flight. Closing
    /// the same handle again waits again.
    case closeTimedOut(dispatchesInFlight: Int)
    /// A registry cannot be destroyed while this many dispatches are in
    /// flight on its bindings (handlers running, or whose threads never
    /// returned from them).
    case registryBusy(dispatchesInFlight: Int)
    /// Every slot of this kind is taken.
    case capacityExhausted(RegistryResource, capacity: Int)
    /// A capacity given at creation is out of range.
    case invalidCapacity(RegistryResource, value: Int, maximum: Int)
    /// A driver cannot be deregistered while it has open bindings.
    case driverHasOpenBindings(count: Int)
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
        case .unsupportedObjectType: .notSupported
        case .unknownDriver, .unknownBinding, .unknownRegistry, .invalidCapacity: .invalidParameter
        case .capacityExhausted, .handleValuesExhausted, .outOfMemory: .resources
        case .driverHasOpenBindings, .registryBusy: .failure
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
            return "Header.Type is \(type), expected "
                + "\(NDISObjectType.clientChimneyOffloadGenericCharacteristics) (the only type installed here)"
        case .unknownDriver(let handle):
            return "NdisHandle \(hex(handle, digits: 16)) is not a registered protocol driver"
        case .unknownBinding(let handle):
            return "binding handle \(hex(handle, digits: 16)) is not an open binding"
        case .unknownRegistry(let handle):
            return "Registry \(hex(handle, digits: 16)) is not a registry this caller may use"
        case .calledFromOwnHandler:
            return "called from a handler the call would wait for (its binding's, or one further up this thread)"
        case .closeTimedOut(let count):
            return "the close timed out with \(count) dispatch\(count == 1 ? "" : "es") still in flight"
        case .registryBusy(let count):
            return "the registry has \(count) dispatch\(count == 1 ? "" : "es") in flight"
        case .capacityExhausted(let resource, let capacity):
            return "no room for more \(resource): all \(capacity) are in use"
        case .invalidCapacity(let resource, let value, let maximum):
            return "\(resource) capacity is \(value), expected 1 to \(maximum)"
        case .driverHasOpenBindings(let count):
            return "the protocol driver still has \(count) open binding\(count == 1 ? "" : "s")"
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
    /// Registries alive at once in the process (255).
    case registries

    /// The plural noun errors use, for example `protocol drivers`.
    public var description: String {
        switch self {
        case .protocolDrivers: "protocol drivers"
        case .bindings: "bindings"
        case .registries: "registries"
        }
    }
}

/// The name `RegistryError` had before version 1.0.0.
@available(*, deprecated, renamed: "RegistryError")
public typealias InstallationError = RegistryError
