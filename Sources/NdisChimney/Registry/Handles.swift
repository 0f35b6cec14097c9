/// A handle the registry gives out: an `NDIS_HANDLE` that is never NULL,
/// carries its registry and a generation, and is refused once stale. `Kind`
/// keeps driver and binding handles apart at compile time.
@frozen
public struct RegistryHandle<Kind: RegistryHandleKind>: RawRepresentable, Hashable, Sendable,
    CustomStringConvertible
{
    /// The handle's bits, as C sees them in an `NDIS_HANDLE`.
    public let rawValue: UInt

    /// Wraps handle bits (not checked until used).
    @inlinable
    public init(rawValue: UInt) { self.rawValue = rawValue }

    /// Wraps a C handle (not checked until used); NULL wraps as 0, which no
    /// registry ever gives out.
    @inlinable
    public init(_ handle: NDIS_HANDLE?) { rawValue = UInt(bitPattern: handle) }

    /// The handle as C passes it.
    @inlinable
    public var ndisHandle: NDIS_HANDLE? { NDIS_HANDLE(bitPattern: rawValue) }

    /// The bits in hexadecimal.
    public var description: String { hex(rawValue, digits: 16) }
}

/// What a `RegistryHandle` names.
public protocol RegistryHandleKind: Sendable {}

/// Names a registered protocol driver.
public enum ProtocolDriverKind: RegistryHandleKind {}

/// Names an open binding.
public enum BindingKind: RegistryHandleKind {}

/// A registered protocol driver: the `NdisHandle` a driver passes to
/// `NdisSetOptionalHandlers`. Stale once deregistered.
public typealias DriverHandle = RegistryHandle<ProtocolDriverKind>

/// An open binding of a protocol driver to an adapter: what completions are
/// delivered to. Stale once closed.
public typealias BindingHandle = RegistryHandle<BindingKind>

/// Names a registered miniport driver (an offload target).
public enum MiniportDriverKind: RegistryHandleKind {}

/// Names an adapter of a miniport driver.
public enum AdapterKind: RegistryHandleKind {}

/// A registered miniport driver: the `NdisHandle` an offload target passes
/// to `NdisSetOptionalHandlers` for its provider characteristics. Stale once
/// deregistered.
public typealias MiniportDriverHandle = RegistryHandle<MiniportDriverKind>

/// An adapter of a miniport driver: the `NdisMiniportHandle` its offload
/// target passes to `NdisMInitiateOffloadComplete` and the other completion
/// routines. Stale once removed.
public typealias AdapterHandle = RegistryHandle<AdapterKind>
