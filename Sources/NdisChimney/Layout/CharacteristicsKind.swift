/// Which of the four chimney offload characteristics structures a structure
/// is: the protocol's (client) or the offload target's (provider), for
/// generic or for TCP chimney offload. `NdisSetOptionalHandlers` tells them
/// apart by `Header.Type`.
///
/// Everything here is a `switch` over the four cases, so that validation
/// looks nothing up and builds nothing.
public enum CharacteristicsKind: CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// `NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS` (Type 0x8E): a
    /// protocol driver's six generic completion and event entry points.
    case clientGeneric
    /// `NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS` (Type 0x8F): an
    /// offload target's five generic request entry points.
    case providerGeneric
    /// `NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS` (Type 0x93): a
    /// protocol driver's six TCP chimney entry points.
    case clientTCP
    /// `NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS` (Type 0x94): an
    /// offload target's five TCP chimney entry points.
    case providerTCP

    /// The kind whose structure `Header.Type` names, or nil when it names
    /// none of the four.
    public init?(objectType: NDISObjectType) {
        switch objectType {
        case .clientChimneyOffloadGenericCharacteristics: self = .clientGeneric
        case .providerChimneyOffloadGenericCharacteristics: self = .providerGeneric
        case .clientChimneyOffloadCharacteristics: self = .clientTCP
        case .providerChimneyOffloadCharacteristics: self = .providerTCP
        default: return nil
        }
    }

    /// The `Header.Type` the structure is registered with.
    public var objectType: NDISObjectType {
        switch self {
        case .clientGeneric: .clientChimneyOffloadGenericCharacteristics
        case .providerGeneric: .providerChimneyOffloadGenericCharacteristics
        case .clientTCP: .clientChimneyOffloadCharacteristics
        case .providerTCP: .providerChimneyOffloadCharacteristics
        }
    }

    /// The structure's layout description.
    public var structure: StructureDescription {
        switch self {
        case .clientGeneric: .chimneyCharacteristics
        case .providerGeneric: .providerGenericCharacteristics
        case .clientTCP: .clientTCPCharacteristics
        case .providerTCP: .providerTCPCharacteristics
        }
    }

    /// How many entry points the structure has: its pointer fields, which
    /// end it (6 for the client structures, 5 for the provider ones).
    public var entryPointCount: Int {
        switch self {
        case .clientGeneric, .clientTCP: 6
        case .providerGeneric, .providerTCP: 5
        }
    }

    /// Whether an `OffloadType` (an `NDIS_CHIMNEY_OFFLOAD_TYPE`, which must
    /// be `NdisTcpChimneyOffload`) follows `Flags`: the TCP structures.
    public var hasOffloadType: Bool {
        switch self {
        case .clientTCP, .providerTCP: true
        case .clientGeneric, .providerGeneric: false
        }
    }

    /// Whether the WDK defines a revision 1 for the structure (a
    /// `..._REVISION_1` and an `NDIS_SIZEOF_..._REVISION_1`): the client
    /// structures. Their `Header.Revision` must be at least 1. The provider
    /// structures have no revision constant and WDK samples register them
    /// with Revision 0, so any Revision is accepted, and their least Size is
    /// `sizeof` the structure.
    public var definesRevision1: Bool {
        switch self {
        case .clientGeneric, .clientTCP: true
        case .providerGeneric, .providerTCP: false
        }
    }

    /// What the least `Header.Size` is called in the WDK's terms, as
    /// messages name it: the revision-1 size macro, or `sizeof` the
    /// structure.
    package var minimumSizeName: StaticString {
        switch self {
        case .clientGeneric: "NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1"
        case .providerGeneric: "sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)"
        case .clientTCP: "NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1"
        case .providerTCP: "sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS)"
        }
    }

    /// The structure's WDK name, for example
    /// `NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS`.
    public var description: String { structure.name }
}
