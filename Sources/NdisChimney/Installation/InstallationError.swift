/// Why a registry refused a request. Each case says what was wrong, and maps
/// to the `NDIS_STATUS` the C entry points return.
public enum InstallationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The characteristics structure is malformed.
    case invalidCharacteristics(CharacteristicsError)
    /// `Header.Type` names a structure this library does not install.
    case unsupportedObjectType(NDISObjectType)
    /// The handle names no registered protocol driver (NULL, stale, foreign).
    case unknownDriver(handle: UInt)
    /// The handle names no open binding (NULL, closed, foreign).
    case unknownBinding(handle: UInt)
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
        case .unknownDriver, .unknownBinding, .invalidCapacity: .invalidParameter
        case .capacityExhausted, .handleValuesExhausted, .outOfMemory: .resources
        case .driverHasOpenBindings: .failure
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
