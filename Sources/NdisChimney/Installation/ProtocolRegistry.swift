/// NDIS's side of a stack of drivers: protocol drivers and their bindings,
/// miniport drivers (offload targets) and their adapters; where
/// `NdisSetOptionalHandlers` installs each driver's chimney offload entry
/// points, where completions are dispatched from (`Dispatch/`), and where
/// offload requests and completions travel between the two sides
/// (`Offload/`).
///
/// Capacities are fixed at creation and all memory is allocated then
/// (RegistryStorage), so no later call allocates. Control operations
/// (register, install, open, close, add, remove) are serialized by one
/// lock; dispatch, requests and completions take none, except that the
/// call that lets a waiting close (or removal) finish takes a mutex for a
/// moment to wake it (CloseWaiters).
///
/// A handle is accepted only exactly as it was given out (HandleBits): NULL,
/// a handle with any bit altered, one never given out, one of another kind
/// or registry, and one whose driver, binding or adapter is gone are all
/// refused, in constant time and without waiting. No handle value is ever
/// given out twice in the process, and none can be worked out from another:
/// it gives out at most 2^34 - 1 handles over its life, then creation,
/// registration, opening and adding answer NDIS_STATUS_RESOURCES.
///
/// The state and the control path live in a RegistryCore of their own,
/// which the C entry points use too (a C caller's registry is a core, named
/// by its handle); this class owns one and keeps the pointer to its tables
/// that the hot paths read.
///
/// `@unchecked Sendable`: `core` is created in `init`, handed back to the
/// directory in `deinit` and never reassigned. Every field behind it that a
/// hot path reads is an atomic, or is written only while no call can read
/// it (see SlotState, DriverEntryPoints). All other mutable state is under
/// the core's control lock.
public final class ProtocolRegistry: @unchecked Sendable {
    /// What the hot paths read: the same tables as the core's.
    @usableFromInline let tables: RegistryTables
    /// The state and the control path.
    let core: UnsafeMutablePointer<RegistryCore>

    /// How many bindings may be open at once.
    public var bindingCapacity: Int { core.pointee.capacities.bindings }
    /// How many protocol drivers may be registered at once.
    public var driverCapacity: Int { core.pointee.capacities.protocolDrivers }
    /// How many miniport drivers may be registered at once.
    public var miniportDriverCapacity: Int { core.pointee.capacities.miniportDrivers }
    /// How many adapters may be added at once.
    public var adapterCapacity: Int { core.pointee.capacities.adapters }
    /// The registry's id in the process (RegistryDirectory).
    package var id: Int { core.pointee.id }
    /// The registry as the C entry points take it (`PNDIS_CHIMNEY_REGISTRY`,
    /// the registry's own handle), for tests that drive one registry through
    /// both APIs. C's NdisChimneyDestroyRegistry refuses it: this object
    /// owns the registry.
    package var cRegistry: OpaquePointer { OpaquePointer(bitPattern: core.pointee.handle)! }

    /// Creates a registry for up to `driverCapacity` protocol drivers and
    /// `bindingCapacity` open bindings (each 1 to 65,535), and
    /// `miniportDriverCapacity` miniport drivers with `adapterCapacity`
    /// adapters between them (each 0 to 65,535).
    ///
    /// Throws `invalidCapacity` (NDIS_STATUS_INVALID_PARAMETER) for a capacity
    /// out of range, and `capacityExhausted` (255 registries are alive
    /// already), `handleValuesExhausted` or `outOfMemory` (all
    /// NDIS_STATUS_RESOURCES).
    ///
    /// The corresponding C functions are `NdisChimneyCreateRegistryEx` and,
    /// with no miniport drivers, `NdisChimneyCreateRegistry`.
    public convenience init(
        driverCapacity: Int, bindingCapacity: Int, miniportDriverCapacity: Int = 0, adapterCapacity: Int = 0
    ) throws(RegistryError) {
        try self.init(
            RegistryCapacities(
                protocolDrivers: driverCapacity, bindings: bindingCapacity, miniportDrivers: miniportDriverCapacity,
                adapters: adapterCapacity),
            limits: .maximum)
    }

    /// Creates a registry with lowered limits; see `init(driverCapacity:bindingCapacity:)`.
    package init(_ capacities: RegistryCapacities, limits: RegistryLimits) throws(RegistryError) {
        core = try RegistryCore.create(capacities, limits: limits, createdByC: false)
        tables = core.pointee.tables
    }

    /// Creates a registry with lowered limits and no miniport drivers.
    package convenience init(driverCapacity: Int, bindingCapacity: Int, limits: RegistryLimits) throws(RegistryError) {
        try self.init(RegistryCapacities(protocolDrivers: driverCapacity, bindings: bindingCapacity), limits: limits)
    }

    /// Frees the registry, unless a thread never returned from one of its
    /// handlers (a call through this object holds a reference to it, so
    /// only such a thread, or an offload request an adapter never completed,
    /// can still be in flight): then its memory and id stay taken for the
    /// life of the process rather than be pulled from under them.
    deinit {
        try? RegistryDirectory.release(registry: core.pointee.handle, createdByC: false)
    }

    /// Registers a protocol driver, with no entry points installed.
    ///
    /// Throws `capacityExhausted` or `handleValuesExhausted` (both NDIS_STATUS_RESOURCES).
    ///
    /// The corresponding C function is `NdisChimneyRegisterProtocolDriver`.
    public func registerProtocolDriver() throws(RegistryError) -> DriverHandle {
        try core.pointee.registerProtocolDriver()
    }

    /// Deregisters a protocol driver that has no bindings open or closing.
    ///
    /// Throws `unknownDriver` (NDIS_STATUS_INVALID_PARAMETER) or
    /// `driverHasOpenBindings` (NDIS_STATUS_FAILURE).
    ///
    /// The corresponding C function is `NdisChimneyDeregisterProtocolDriver`.
    public func deregisterProtocolDriver(_ driver: DriverHandle) throws(RegistryError) {
        try core.pointee.deregisterProtocolDriver(driver)
    }

    /// Installs the characteristics `handlers` points to, as
    /// `NdisSetOptionalHandlers` does: `Header.Type` says which structure it
    /// is (a protocol driver installs the client generic and client TCP
    /// structures); it is validated and copied (the caller's structure may
    /// go away afterwards). The generic structure's six entry points replace
    /// any earlier set whole, for every binding of the driver at once; the
    /// TCP structure is kept, not called. Nothing changes when it throws.
    ///
    /// Checks, in order: the driver (`unknownDriver`), the pointer
    /// (`invalidCharacteristics(.nullPointer)`), `Header.Type`
    /// (`unsupportedObjectType` or `wrongSideObjectType`,
    /// NDIS_STATUS_NOT_SUPPORTED), then the structure
    /// (`invalidCharacteristics`). All but the Type answer
    /// NDIS_STATUS_INVALID_PARAMETER.
    ///
    /// The corresponding C function is `NdisSetOptionalHandlers`.
    public func setOptionalHandlers(
        _ handlers: UnsafePointer<CDriverOptionalHandlers>?, for driver: DriverHandle
    ) throws(RegistryError) {
        try core.pointee.setOptionalHandlers(handlers, for: driver.rawValue, available: nil)
    }

    /// Installs a characteristics value for `driver`; see `setOptionalHandlers`.
    /// The value holds `MemoryLayout<CChimneyCharacteristics>.size` bytes, so
    /// it reaches the verdict `Characteristics(validating: value)` does: a
    /// `Header.Size` that claims more is refused.
    public func setChimneyCharacteristics(
        _ characteristics: CChimneyCharacteristics, for driver: DriverHandle
    ) throws(RegistryError) {
        try install(characteristics, for: driver.rawValue)
    }

    /// Installs a client TCP characteristics value for `driver`; see
    /// `setOptionalHandlers`.
    public func setClientTCPCharacteristics(
        _ characteristics: CClientTCPCharacteristics, for driver: DriverHandle
    ) throws(RegistryError) {
        try install(characteristics, for: driver.rawValue)
    }

    /// Installs `value`, a characteristics structure, for the driver `handle`
    /// names, reading no more than the value's own bytes.
    func install<Value>(_ value: Value, for handle: UInt) throws(RegistryError) {
        var copy = value
        try withUnsafePointer(to: &copy) { pointer throws(RegistryError) in
            try UnsafeRawPointer(pointer).withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
                header throws(RegistryError) in
                try core.pointee.setOptionalHandlers(header, for: handle, available: MemoryLayout<Value>.size)
            }
        }
    }

    /// Opens a binding of `driver` whose completions carry `context` as their
    /// ProtocolBindingContext, bound to `adapter` if one is given: its offload
    /// requests go to that adapter's offload target. A binding bound to no
    /// adapter gets each request completed at once with a failure Status.
    ///
    /// Throws `unknownDriver` or `unknownAdapter` (NDIS_STATUS_INVALID_PARAMETER),
    /// or `capacityExhausted` or `handleValuesExhausted` (NDIS_STATUS_RESOURCES).
    ///
    /// The corresponding C functions are `NdisChimneyOpenAdapterBinding` and,
    /// with no adapter, `NdisChimneyOpenBinding`.
    public func openBinding(
        driver: DriverHandle, adapter: AdapterHandle? = nil, context: UnsafeMutableRawPointer?
    ) throws(RegistryError) -> BindingHandle {
        try core.pointee.openBinding(driver: driver, adapter: adapter, context: context)
    }

    /// Closes a binding. When this returns, no completion reaches the binding
    /// any more: dispatches already under way on it have finished, the
    /// offload requests it had outstanding at its adapter have been completed
    /// (as NDIS makes an unbind wait for them), and every later use of the
    /// handle is refused.
    ///
    /// Waits for those, asleep (using no CPU) after a short spin. Called from
    /// a handler of that binding, or with one of its handlers further up this
    /// thread's stack, it would wait for itself: it throws
    /// `calledFromOwnHandler` (NDIS_STATUS_INVALID_DEVICE_REQUEST) instead,
    /// changing nothing. Two handlers on two threads that close each other's
    /// bindings still wait for each other: hand such a close to another
    /// thread, or use `closeBinding(_:waitingAtMost:)`. Throws
    /// `unknownBinding` (NDIS_STATUS_INVALID_PARAMETER) for a handle that is
    /// not an open binding's, or whose close another thread is waiting in.
    ///
    /// The corresponding C function is `NdisChimneyCloseBinding`.
    public func closeBinding(_ binding: BindingHandle) throws(RegistryError) {
        try core.pointee.closeBinding(binding, until: nil)
    }

    /// Closes a binding as `closeBinding(_:)` does, but waits at most
    /// `milliseconds` for the calls still in flight. If they have not all
    /// finished by then, throws `closeTimedOut` (NDIS_STATUS_PENDING): the
    /// binding takes no more requests or dispatches (the completions of its
    /// outstanding requests are still delivered), and the handle stays
    /// valid for closing again, which waits again. A handler whose thread
    /// never returns (cancelled, or left with longjmp), or a request its
    /// offload target never completes, keeps its binding in this state for
    /// good; this is how a caller learns of it.
    ///
    /// The corresponding C function is `NdisChimneyCloseBindingEx`.
    public func closeBinding(_ binding: BindingHandle, waitingAtMost milliseconds: UInt32) throws(RegistryError) {
        try core.pointee.closeBinding(binding, until: Deadline.after(milliseconds: milliseconds))
    }

    /// Whether `binding` names an open binding of this registry.
    public func isOpen(_ binding: BindingHandle) -> Bool {
        tables.isOpen(binding.rawValue)
    }
}
