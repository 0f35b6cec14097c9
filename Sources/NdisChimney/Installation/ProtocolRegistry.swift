/// NDIS's side of protocol drivers and their bindings: where
/// `NdisSetOptionalHandlers` installs a driver's chimney offload entry points
/// and where completions are dispatched from (see `Dispatch/`).
///
/// Capacities are fixed at creation and all memory is allocated then
/// (RegistryStorage), so no later call allocates. Control operations
/// (register, install, open, close) are serialized by one lock; dispatch
/// takes no lock.
///
/// A handle is accepted only exactly as it was given out (HandleBits): NULL,
/// a handle with any bit altered, one never given out, one of the other kind
/// or registry, and one whose driver or binding is gone are all refused, in
/// constant time and without waiting. No handle value is ever given out twice
/// in the process: it gives out at most 2^34 - 1 handles over its life, then
/// register and open answer NDIS_STATUS_RESOURCES.
///
/// The state and the control path live in a RegistryCore of their own,
/// which the C entry points use directly (a C caller's registry is a core);
/// this class owns one and keeps the copy of its binding table that dispatch
/// reads.
///
/// `@unchecked Sendable`: `core` is created in `init`, handed back to the
/// directory in `deinit` and never reassigned. Every field behind it that a
/// dispatcher reads is an atomic, or is written only while no dispatcher can
/// read it (see BindingSlot, DriverEntryPoints). All other mutable state is
/// under the core's control lock.
public final class ProtocolRegistry: @unchecked Sendable {
    /// What dispatch reads: the same values as the core's.
    @usableFromInline let bindings: BindingTable
    /// The state and the control path.
    private let core: UnsafeMutablePointer<RegistryCore>

    /// How many bindings may be open at once.
    public var bindingCapacity: Int { core.pointee.bindingCapacity }
    /// How many protocol drivers may be registered at once.
    public var driverCapacity: Int { core.pointee.driverCapacity }
    /// The registry's id in the process (RegistryDirectory).
    package var id: Int { core.pointee.id }
    /// The registry as the C entry points take it (`PNDIS_CHIMNEY_REGISTRY`),
    /// for tests that drive one registry through both APIs. Valid while this
    /// object lives.
    package var cRegistry: OpaquePointer { OpaquePointer(core) }

    /// Creates a registry for up to `driverCapacity` protocol drivers and
    /// `bindingCapacity` open bindings (each 1 to 65,535).
    ///
    /// Throws `invalidCapacity` (NDIS_STATUS_INVALID_PARAMETER) for a capacity
    /// out of range, and `capacityExhausted` (255 registries are alive
    /// already) or `outOfMemory` (both NDIS_STATUS_RESOURCES).
    ///
    /// The corresponding C function is `NdisChimneyCreateRegistry`.
    public convenience init(driverCapacity: Int, bindingCapacity: Int) throws(InstallationError) {
        try self.init(driverCapacity: driverCapacity, bindingCapacity: bindingCapacity, limits: .maximum)
    }

    /// Creates a registry with lowered limits; see `init(driverCapacity:bindingCapacity:)`.
    package init(driverCapacity: Int, bindingCapacity: Int, limits: RegistryLimits) throws(InstallationError) {
        core = try RegistryCore.create(driverCapacity: driverCapacity, bindingCapacity: bindingCapacity, limits: limits)
        bindings = core.pointee.bindings
    }

    deinit {
        RegistryDirectory.release(id: core.pointee.id)
    }

    /// Registers a protocol driver, with no entry points installed.
    ///
    /// Throws `capacityExhausted` or `handleValuesExhausted` (both NDIS_STATUS_RESOURCES).
    ///
    /// The corresponding C function is `NdisChimneyRegisterProtocolDriver`.
    public func registerProtocolDriver() throws(InstallationError) -> DriverHandle {
        try core.pointee.registerProtocolDriver()
    }

    /// Deregisters a protocol driver that has no open bindings.
    ///
    /// Throws `unknownDriver` (NDIS_STATUS_INVALID_PARAMETER) or
    /// `driverHasOpenBindings` (NDIS_STATUS_FAILURE).
    ///
    /// The corresponding C function is `NdisChimneyDeregisterProtocolDriver`.
    public func deregisterProtocolDriver(_ driver: DriverHandle) throws(InstallationError) {
        try core.pointee.deregisterProtocolDriver(driver)
    }

    /// Installs the characteristics `handlers` points to, as
    /// `NdisSetOptionalHandlers` does: `Header.Type` says which structure it
    /// is; the generic chimney offload characteristics are validated and
    /// their six entry points copied (the caller's structure may go away
    /// afterwards), replacing any earlier set whole for every binding of the
    /// driver at once. Nothing changes when it throws.
    ///
    /// Checks, in order: the driver (`unknownDriver`), the pointer
    /// (`invalidCharacteristics(.nullPointer)`), `Header.Type`
    /// (`unsupportedObjectType`, NDIS_STATUS_NOT_SUPPORTED), then the
    /// structure (`invalidCharacteristics`). All but the Type answer
    /// NDIS_STATUS_INVALID_PARAMETER.
    ///
    /// The corresponding C function is `NdisSetOptionalHandlers`.
    public func setOptionalHandlers(
        _ handlers: UnsafePointer<CDriverOptionalHandlers>?, for driver: DriverHandle
    ) throws(InstallationError) {
        try core.pointee.setOptionalHandlers(handlers, for: driver, available: nil)
    }

    /// Installs a characteristics value for `driver`; see `setOptionalHandlers`.
    /// The value holds `MemoryLayout<CChimneyCharacteristics>.size` bytes, so
    /// it reaches the verdict `Characteristics(validating: value)` does: a
    /// `Header.Size` that claims more is refused.
    public func setChimneyCharacteristics(
        _ characteristics: CChimneyCharacteristics, for driver: DriverHandle
    ) throws(InstallationError) {
        var copy = characteristics
        try withUnsafePointer(to: &copy) { pointer throws(InstallationError) in
            try pointer.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
                header throws(InstallationError) in
                try core.pointee.setOptionalHandlers(
                    header, for: driver, available: MemoryLayout<CChimneyCharacteristics>.size)
            }
        }
    }

    /// Opens a binding of `driver` whose completions carry `context` as their
    /// ProtocolBindingContext.
    ///
    /// Throws `unknownDriver` (NDIS_STATUS_INVALID_PARAMETER), or
    /// `capacityExhausted` or `handleValuesExhausted` (NDIS_STATUS_RESOURCES).
    ///
    /// The corresponding C function is `NdisChimneyOpenBinding`.
    public func openBinding(
        driver: DriverHandle, context: UnsafeMutableRawPointer?
    ) throws(InstallationError) -> BindingHandle {
        try core.pointee.openBinding(driver: driver, context: context)
    }

    /// Closes a binding. When this returns, no completion reaches the binding
    /// any more: dispatches already under way on it have finished, and every
    /// later use of the handle is refused.
    ///
    /// Waits for the binding's dispatches in flight, so it must not be called
    /// from a handler of that binding (it would wait for itself), nor from
    /// two handlers that close each other's bindings (each would wait for the
    /// other). Throws `unknownBinding` (NDIS_STATUS_INVALID_PARAMETER).
    ///
    /// The corresponding C function is `NdisChimneyCloseBinding`.
    public func closeBinding(_ binding: BindingHandle) throws(InstallationError) {
        try core.pointee.closeBinding(binding)
    }

    /// Whether `binding` names an open binding of this registry.
    public func isOpen(_ binding: BindingHandle) -> Bool {
        bindings.isOpen(binding.rawValue)
    }
}
