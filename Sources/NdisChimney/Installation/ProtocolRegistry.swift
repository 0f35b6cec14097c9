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
/// The state and the control path live in a RegistryCore of their own, so
/// that the C entry points can reach them by handle without reference
/// counting; this class owns it and keeps copies of what dispatch reads.
///
/// `@unchecked Sendable`: `core` is created in `init`, handed back to the
/// directory in `deinit` and never reassigned. Every field behind it that a
/// dispatcher reads is an atomic, or is written only while no dispatcher can
/// read it (see BindingSlot, DriverEntryPoints). All other mutable state is
/// under the core's control lock.
public final class ProtocolRegistry: @unchecked Sendable {
    /// Binding slot `i` at byte `i << HandleBits.slotShift`.
    @usableFromInline let bindings: UnsafeMutableRawPointer
    /// `bindingCapacity`, as a handle's index is compared with it.
    @usableFromInline let bindingLimit: UInt
    /// The bits every binding handle of this registry has (HandleBits).
    @usableFromInline let bindingConstantBits: UInt
    /// Dispatches in flight on one binding at most (HandleBits).
    @usableFromInline let inFlightLimit: UInt
    /// How many bindings may be open at once.
    public let bindingCapacity: Int
    /// How many protocol drivers may be registered at once.
    public let driverCapacity: Int
    /// The registry's id in the process (RegistryDirectory).
    package let id: Int
    /// The state and the control path.
    private let core: UnsafeMutablePointer<RegistryCore>

    /// Creates a registry for up to `driverCapacity` protocol drivers and
    /// `bindingCapacity` open bindings (each 1 to 65,535).
    ///
    /// Throws `invalidCapacity` (NDIS_STATUS_INVALID_PARAMETER) for a capacity
    /// out of range, and `capacityExhausted` (255 registries are alive
    /// already) or `outOfMemory` (both NDIS_STATUS_RESOURCES).
    public convenience init(driverCapacity: Int, bindingCapacity: Int) throws(InstallationError) {
        try self.init(driverCapacity: driverCapacity, bindingCapacity: bindingCapacity, limits: .maximum)
    }

    /// Limits that tests lower to reach them quickly; production registries
    /// use `maximum`.
    package struct Limits: Sendable {
        /// Dispatches in flight on one binding at most.
        package var inFlight: UInt
        /// Handles the registry may give out (the process's own limit,
        /// 2^34 - 1 generations, applies to every registry whatever this is).
        package var handles: UInt
        /// The limits every registry made by the public API has.
        package static let maximum = Limits(inFlight: HandleBits.maximumInFlight, handles: HandleBits.maximumGeneration)
        /// Limits of your choosing (each at least 1).
        package init(inFlight: UInt, handles: UInt) {
            self.inFlight = min(inFlight, HandleBits.maximumInFlight)
            self.handles = handles
        }
    }

    /// Creates a registry with lowered limits; see `init(driverCapacity:bindingCapacity:)`.
    package init(driverCapacity: Int, bindingCapacity: Int, limits: Limits) throws(InstallationError) {
        precondition(UInt.bitWidth == 64, "the registry's handles need a 64-bit host")
        // No array of the two: an array literal would be an allocation the
        // runtime cannot survive failing.
        guard (1...HandleBits.maximumCapacity).contains(driverCapacity) else {
            throw .invalidCapacity(what: "driver", value: driverCapacity, maximum: HandleBits.maximumCapacity)
        }
        guard (1...HandleBits.maximumCapacity).contains(bindingCapacity) else {
            throw .invalidCapacity(what: "binding", value: bindingCapacity, maximum: HandleBits.maximumCapacity)
        }
        core = try RegistryCore.create(
            driverCapacity: driverCapacity, bindingCapacity: bindingCapacity, handleBudget: limits.handles)
        id = core.pointee.id
        self.driverCapacity = driverCapacity
        self.bindingCapacity = bindingCapacity
        bindings = core.pointee.storage.bindings
        bindingLimit = core.pointee.bindingLimit
        bindingConstantBits = core.pointee.bindingConstantBits
        inFlightLimit = limits.inFlight
        RegistryDirectory.attach(self, core: core)
    }

    deinit {
        RegistryDirectory.release(id: id)
    }

    /// The registry a driver handle belongs to, if it is alive.
    public static func registry(for driver: DriverHandle) -> ProtocolRegistry? {
        RegistryDirectory.registry(for: driver.rawValue)
    }

    /// Registers a protocol driver, with no entry points installed.
    ///
    /// Throws `capacityExhausted` or `handleValuesExhausted` (both NDIS_STATUS_RESOURCES).
    public func registerProtocolDriver() throws(InstallationError) -> DriverHandle {
        try core.pointee.registerProtocolDriver()
    }

    /// Deregisters a protocol driver that has no open bindings.
    ///
    /// Throws `unknownDriver` (NDIS_STATUS_INVALID_PARAMETER) or
    /// `driverHasOpenBindings` (NDIS_STATUS_FAILURE).
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
    public func closeBinding(_ binding: BindingHandle) throws(InstallationError) {
        try core.pointee.closeBinding(binding)
    }

    /// Whether `binding` names an open binding of this registry.
    public func isOpen(_ binding: BindingHandle) -> Bool {
        core.pointee.isOpen(binding)
    }

    /// The slot at a byte offset taken from a handle and checked by
    /// HandleBits.slotOffset: in bounds, and a multiple of 64.
    @inlinable
    func slot(at offset: UInt) -> UnsafeMutablePointer<BindingSlot> {
        (bindings + Int(bitPattern: offset)).assumingMemoryBound(to: BindingSlot.self)
    }
}
