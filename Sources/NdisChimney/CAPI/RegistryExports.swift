#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// The C entry points of ndischimney_registry.h for registries, drivers and
// bindings. Each one converts its C arguments and calls the code the Swift
// API calls: the registry's methods, or, for the calls that receive only a
// handle, the RegistryCore those methods forward to, borrowed through the
// RegistryDirectory. None holds logic of its own. `Tests/NdisChimneyTests/CAPI` proves each
// signature equals its prototype in the header.
//
// `@usableFromInline` keeps each symbol in the library's exported ABI (an
// internal function would be dropped from a release build) without making it
// Swift API: Swift callers use ProtocolRegistry.

/// `NdisChimneyCreateRegistry`: see ProtocolRegistry.init.
@c(NdisChimneyCreateRegistry)
@usableFromInline func cCreateRegistry(
    _ maxProtocolDrivers: ULONG, _ maxBindings: ULONG,
    _ registry: UnsafeMutablePointer<OpaquePointer?>?
) -> NDIS_STATUS {
    guard let registry else { return NDIS_STATUS_INVALID_PARAMETER }
    // Everything big is allocated so that a failure is RESOURCES, but the
    // Swift runtime stops the process when it cannot allocate the registry
    // object itself (about 100 bytes) or a first registry's directory. So
    // take 64 KiB and give it back first: the allocator keeps it (below
    // glibc's trim threshold), and those small allocations come from it.
    guard let reserve = malloc(reservedBytes) else {
        registry.pointee = nil
        return NDIS_STATUS_RESOURCES
    }
    free(reserve)
    do {
        let created = try ProtocolRegistry(
            driverCapacity: Int(maxProtocolDrivers), bindingCapacity: Int(maxBindings))
        // The C caller owns this reference until NdisChimneyDestroyRegistry.
        registry.pointee = OpaquePointer(Unmanaged.passRetained(created).toOpaque())
        return NDIS_STATUS_SUCCESS
    } catch {
        registry.pointee = nil
        return error.status.rawValue
    }
}

/// What `cCreateRegistry` makes sure the allocator holds before it starts.
private let reservedBytes = 64 << 10

/// `NdisChimneyDestroyRegistry`: releases the reference Create gave out.
@c(NdisChimneyDestroyRegistry)
@usableFromInline func cDestroyRegistry(_ registry: OpaquePointer?) {
    guard let registry else { return }
    Unmanaged<ProtocolRegistry>.fromOpaque(UnsafeRawPointer(registry)).release()
}

/// `NdisChimneyRegisterProtocolDriver`: see ProtocolRegistry.registerProtocolDriver.
@c(NdisChimneyRegisterProtocolDriver)
@usableFromInline func cRegisterProtocolDriver(
    _ registry: OpaquePointer?, _ ndisHandle: UnsafeMutablePointer<NDIS_HANDLE?>?
) -> NDIS_STATUS {
    guard let registry, let ndisHandle else { return NDIS_STATUS_INVALID_PARAMETER }
    // Borrowed for the call (no retain/release): the C caller keeps the
    // registry alive until NdisChimneyDestroyRegistry.
    let registered = Unmanaged<ProtocolRegistry>.fromOpaque(UnsafeRawPointer(registry))._withUnsafeGuaranteedRef {
        registry in Result { () throws(InstallationError) in try registry.registerProtocolDriver() }
    }
    return status { () throws(InstallationError) in ndisHandle.pointee = try registered.get().ndisHandle }
}

/// `NdisChimneyDeregisterProtocolDriver`: see ProtocolRegistry.deregisterProtocolDriver.
@c(NdisChimneyDeregisterProtocolDriver)
@usableFromInline func cDeregisterProtocolDriver(_ ndisHandle: NDIS_HANDLE?) -> NDIS_STATUS {
    let driver = DriverHandle(ndisHandle)
    return status { () throws(InstallationError) in
        try withRegistry(of: driver) { core throws(InstallationError) in try core.deregisterProtocolDriver(driver) }
    }
}

/// `NdisSetOptionalHandlers`: see ProtocolRegistry.setOptionalHandlers.
@c(NdisSetOptionalHandlers)
@usableFromInline func cSetOptionalHandlers(
    _ ndisHandle: NDIS_HANDLE?, _ optionalHandlers: PNDIS_DRIVER_OPTIONAL_HANDLERS?
) -> NDIS_STATUS {
    let driver = DriverHandle(ndisHandle)
    return status { () throws(InstallationError) in
        try withRegistry(of: driver) { core throws(InstallationError) in
            try core.setOptionalHandlers(optionalHandlers, for: driver, available: nil)
        }
    }
}

/// `NdisChimneyOpenBinding`: see ProtocolRegistry.openBinding.
@c(NdisChimneyOpenBinding)
@usableFromInline func cOpenBinding(
    _ ndisHandle: NDIS_HANDLE?, _ protocolBindingContext: NDIS_HANDLE?,
    _ bindingHandle: UnsafeMutablePointer<NDIS_HANDLE?>?
) -> NDIS_STATUS {
    guard let bindingHandle else { return NDIS_STATUS_INVALID_PARAMETER }
    let driver = DriverHandle(ndisHandle)
    return status { () throws(InstallationError) in
        bindingHandle.pointee = try withRegistry(of: driver) { core throws(InstallationError) in
            try core.openBinding(driver: driver, context: protocolBindingContext).ndisHandle
        }
    }
}

/// `NdisChimneyCloseBinding`: see ProtocolRegistry.closeBinding.
@c(NdisChimneyCloseBinding)
@usableFromInline func cCloseBinding(_ bindingHandle: NDIS_HANDLE?) -> NDIS_STATUS {
    let binding = BindingHandle(bindingHandle)
    return status { () throws(InstallationError) in
        try RegistryDirectory.withCore(for: binding.rawValue, orThrow: .unknownBinding(handle: binding.rawValue)) {
            core throws(InstallationError) in try core.closeBinding(binding)
        }
    }
}

/// Runs `body` on the core of the live registry a driver handle names (see
/// RegistryDirectory: borrowed, not reference counted).
private func withRegistry<Result>(
    of driver: DriverHandle, _ body: (borrowing RegistryCore) throws(InstallationError) -> Result
) throws(InstallationError) -> Result {
    try RegistryDirectory.withCore(for: driver.rawValue, orThrow: .unknownDriver(handle: driver.rawValue), body)
}

/// Runs a registry operation and answers its NDIS_STATUS.
private func status(_ body: () throws(InstallationError) -> Void) -> NDIS_STATUS {
    do {
        try body()
        return NDIS_STATUS_SUCCESS
    } catch {
        return error.status.rawValue
    }
}
