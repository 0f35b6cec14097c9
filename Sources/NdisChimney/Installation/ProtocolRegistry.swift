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
    /// The registry as the C entry points take it (`PNDIS_CHIMNEY_REGISTRY`,
    /// the registry's own handle), for tests that drive one registry through
    /// both APIs. C's NdisChimneyDestroyRegistry refuses it: this object
    /// owns the registry.
    package var cRegistry: OpaquePointer { OpaquePointer(bitPattern: core.pointee.handle)! }

    /// Creates a registry for up to `driverCapacity` protocol drivers and
    /// `bindingCapacity` open bindings (each 1 to 65,535).
    ///
    /// Throws `invalidCapacity` (NDIS_STATUS_INVALID_PARAMETER) for a capacity
    /// out of range, and `capacityExhausted` (255 registries are alive
    /// already) or `outOfMemory` (both NDIS_STATUS_RESOURCES).
    ///
    /// The corresponding C function is `NdisChimneyCreateRegistry`.
    public convenience init(driverCapacity: Int, bindingCapacity: Int) throws(RegistryError) {
        try self.init(driverCapacity: driverCapacity, bindingCapacity: bindingCapacity, limits: .maximum)
    }

    /// Creates a registry with lowered limits; see `init(driverCapacity:bindingCapacity:)`.
    package init(driverCapacity: Int, bindingCapacity: Int, limits: RegistryLimits) throws(RegistryError) {
        core = try RegistryCore.create(
            driverCapacity: driverCapacity, bindingCapacity: bindingCapacity, limits: limits, createdByC: false)
        bindings = core.pointee.bindings
    }

    /// Frees the registry, unless a thread never returned from one of its
    /// handlers (a dispatch through this object holds a reference to it, so
    /// only such a thread can still be in flight): then its memory and id
    /// stay taken for the life of the process rather than be pulled from
    /// under that thread.
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

    /// Deregisters a protocol driver that has no open bindings.
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
    ) throws(RegistryError) {
        try core.pointee.setOptionalHandlers(handlers, for: driver, available: nil)
    }

    /// Installs a characteristics value for `driver`; see `setOptionalHandlers`.
    /// The value holds `MemoryLayout<CChimneyCharacteristics>.size` bytes, so
    /// it reaches the verdict `Characteristics(validating: value)` does: a
    /// `Header.Size` that claims more is refused.
    public func setChimneyCharacteristics(
        _ characteristics: CChimneyCharacteristics, for driver: DriverHandle
    ) throws(RegistryError) {
        var copy = characteristics
        try withUnsafePointer(to: &copy) { pointer throws(RegistryError) in
            try pointer.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
                header throws(RegistryError) in
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
    ) throws(RegistryError) -> BindingHandle {
        try core.pointee.openBinding(driver: driver, context: context)
    }

    /// Closes a binding. When this returns, no completion reaches the binding
    /// any more: dispatches already under way on it have finished, and every
    /// later use of the handle is refused.
    ///
    /// Waits for the binding's dispatches in flight, asleep (using no CPU)
    /// after a short spin. Called from a handler of that binding, or with one
    /// of its handlers further up this thread's stack, it would wait for
    /// itself: it throws `calledFromOwnHandler`
    /// (NDIS_STATUS_INVALID_DEVICE_REQUEST) instead, changing nothing. Two
    /// handlers on two threads that close each other's bindings still wait
    /// for each other: hand such a close to another thread, or use
    /// `closeBinding(_:waitingAtMost:)`. Throws `unknownBinding`
    /// (NDIS_STATUS_INVALID_PARAMETER) for a handle that is not an open
    /// binding's, or whose close another thread is waiting in.
    ///
    /// The corresponding C function is `NdisChimneyCloseBinding`.
    public func closeBinding(_ binding: BindingHandle) throws(RegistryError) {
        try core.pointee.closeBinding(binding, until: nil)
    }

    /// Closes a binding as `closeBinding(_:)` does, but waits at most
    /// `milliseconds` for the handlers still running. If they have not all
    /// returned by then, throws `closeTimedOut` (NDIS_STATUS_PENDING): the
    /// binding takes no more completions, and the handle stays valid for
    /// closing again, which waits again. A handler whose thread never returns
    /// (cancelled, or left with longjmp) keeps its binding in this state for
    /// good; this is how a caller learns of it.
    ///
    /// The corresponding C function is `NdisChimneyCloseBindingEx`.
    public func closeBinding(_ binding: BindingHandle, waitingAtMost milliseconds: UInt32) throws(RegistryError) {
        try core.pointee.closeBinding(binding, until: Deadline.after(milliseconds: milliseconds))
    }

    /// Whether `binding` names an open binding of this registry.
    public func isOpen(_ binding: BindingHandle) -> Bool {
        bindings.isOpen(binding.rawValue)
    }
}
