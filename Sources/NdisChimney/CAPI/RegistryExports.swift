import CNdisChimneyPlatform

// The C entry points of ndischimney_registry.h for registries, drivers and
// bindings. Each one converts its C arguments and calls the code the Swift
// API calls: the RegistryCore that ProtocolRegistry's methods forward to,
// borrowed through the RegistryDirectory by the handle the call receives (a
// C caller's registry is a handle too). None holds logic of its own. `Tests/NdisChimneyTests/CAPI` proves each
// signature equals its prototype in the header.
//
// `@usableFromInline` keeps each symbol in the library's exported ABI (an
// internal function would be dropped from a release build) without making it
// Swift API: Swift callers use ProtocolRegistry.

/// `NdisChimneyCreateRegistry`: see ProtocolRegistry.init. A C caller's
/// registry is the core itself, with no Swift object around it: everything
/// it is made of comes from malloc here, checked, so that running out of
/// memory is NDIS_STATUS_RESOURCES. The caller gets the registry's own
/// handle, which every later call checks in the RegistryDirectory rather
/// than follows.
@c(NdisChimneyCreateRegistry)
@usableFromInline func cCreateRegistry(
    _ maxProtocolDrivers: ULONG, _ maxBindings: ULONG,
    _ registry: UnsafeMutablePointer<OpaquePointer?>?
) -> NDIS_STATUS {
    createRegistry(
        RegistryCapacities(protocolDrivers: Int(maxProtocolDrivers), bindings: Int(maxBindings)), into: registry)
}

/// Creates a C caller's registry with `capacities` and answers its status,
/// storing its handle (NULL on failure) at `registry`.
func createRegistry(
    _ capacities: RegistryCapacities, into registry: UnsafeMutablePointer<OpaquePointer?>?
) -> NDIS_STATUS {
    guard let registry else { return NDIS_STATUS_INVALID_PARAMETER }
    do {
        let core = try RegistryCore.create(capacities, limits: .maximum, createdByC: true)
        registry.pointee = OpaquePointer(bitPattern: core.pointee.handle)
        return NDIS_STATUS_SUCCESS
    } catch {
        registry.pointee = nil
        return error.status.rawValue
    }
}

/// `NdisChimneyDestroyRegistry`: see RegistryDirectory.release.
@c(NdisChimneyDestroyRegistry)
@usableFromInline func cDestroyRegistry(_ registry: OpaquePointer?) -> NDIS_STATUS {
    status { () throws(RegistryError) in
        try RegistryDirectory.release(registry: UInt(bitPattern: registry), createdByC: true)
    }
}

/// `NdisChimneyRegisterProtocolDriver`: see ProtocolRegistry.registerProtocolDriver.
@c(NdisChimneyRegisterProtocolDriver)
@usableFromInline func cRegisterProtocolDriver(
    _ registry: OpaquePointer?, _ ndisHandle: UnsafeMutablePointer<NDIS_HANDLE?>?
) -> NDIS_STATUS {
    guard let ndisHandle else { return NDIS_STATUS_INVALID_PARAMETER }
    let handle = UInt(bitPattern: registry)
    return status { () throws(RegistryError) in
        ndisHandle.pointee = try RegistryDirectory.withCore(
            for: handle, exact: true, orThrow: .unknownRegistry(handle: handle)
        ) { core throws(RegistryError) in try core.registerProtocolDriver().ndisHandle }
    }
}

/// `NdisChimneyDeregisterProtocolDriver`: see ProtocolRegistry.deregisterProtocolDriver.
@c(NdisChimneyDeregisterProtocolDriver)
@usableFromInline func cDeregisterProtocolDriver(_ ndisHandle: NDIS_HANDLE?) -> NDIS_STATUS {
    let driver = DriverHandle(ndisHandle)
    return status { () throws(RegistryError) in
        try withRegistry(of: driver.rawValue, orThrow: .unknownDriver(handle: driver.rawValue)) {
            core throws(RegistryError) in try core.deregisterProtocolDriver(driver)
        }
    }
}

/// `NdisSetOptionalHandlers`: see ProtocolRegistry.setOptionalHandlers, for
/// a protocol driver's handle or a miniport driver's.
@c(NdisSetOptionalHandlers)
@usableFromInline func cSetOptionalHandlers(
    _ ndisHandle: NDIS_HANDLE?, _ optionalHandlers: PNDIS_DRIVER_OPTIONAL_HANDLERS?
) -> NDIS_STATUS {
    let driver = UInt(bitPattern: ndisHandle)
    return status { () throws(RegistryError) in
        try withRegistry(of: driver, orThrow: .unknownDriver(handle: driver)) { core throws(RegistryError) in
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
    return openBinding(
        driver: DriverHandle(ndisHandle), adapter: nil, context: protocolBindingContext, into: bindingHandle)
}

/// Opens a binding for a C caller and answers its status, storing its
/// handle at `binding` on success (left as it was on failure).
func openBinding(
    driver: DriverHandle, adapter: AdapterHandle?, context: NDIS_HANDLE?,
    into binding: UnsafeMutablePointer<NDIS_HANDLE?>
) -> NDIS_STATUS {
    status { () throws(RegistryError) in
        binding.pointee = try withRegistry(of: driver.rawValue, orThrow: .unknownDriver(handle: driver.rawValue)) {
            core throws(RegistryError) in
            try core.openBinding(driver: driver, adapter: adapter, context: context).ndisHandle
        }
    }
}

/// `NdisChimneyCloseBinding`: see ProtocolRegistry.closeBinding(_:).
@c(NdisChimneyCloseBinding)
@usableFromInline func cCloseBinding(_ bindingHandle: NDIS_HANDLE?) -> NDIS_STATUS {
    closeBinding(bindingHandle, until: nil)
}

/// `NdisChimneyCloseBindingEx`: see ProtocolRegistry.closeBinding(_:waitingAtMost:).
@c(NdisChimneyCloseBindingEx)
@usableFromInline func cCloseBindingEx(_ bindingHandle: NDIS_HANDLE?, _ timeoutMilliseconds: ULONG) -> NDIS_STATUS {
    closeBinding(bindingHandle, until: Deadline.after(milliseconds: timeoutMilliseconds))
}

/// Closes a binding found by its handle alone, waiting for its handlers
/// until `deadline` (nil: for ever).
private func closeBinding(_ bindingHandle: NDIS_HANDLE?, until deadline: timespec?) -> NDIS_STATUS {
    let binding = BindingHandle(bindingHandle)
    return status { () throws(RegistryError) in
        try RegistryDirectory.withCore(for: binding.rawValue, orThrow: .unknownBinding(handle: binding.rawValue)) {
            core throws(RegistryError) in try core.closeBinding(binding, until: deadline)
        }
    }
}

/// Runs `body` on the core of the live registry a driver's or an adapter's
/// handle names (see RegistryDirectory: borrowed, not reference counted),
/// or throws `error`.
func withRegistry<Result>(
    of handle: UInt, orThrow error: RegistryError, _ body: (borrowing RegistryCore) throws(RegistryError) -> Result
) throws(RegistryError) -> Result {
    try RegistryDirectory.withCore(for: handle, orThrow: error, body)
}

/// Runs a registry operation and answers its NDIS_STATUS.
func status(_ body: () throws(RegistryError) -> Void) -> NDIS_STATUS {
    do {
        try body()
        return NDIS_STATUS_SUCCESS
    } catch {
        return error.status.rawValue
    }
}
