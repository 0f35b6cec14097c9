// The C entry points of ndischimney_registry.h for the offload loop: the
// WDK's eleven routines (five requests, five completions, the event
// indication), which receive a binding's or an adapter's handle alone, and
// the offload target's side of the control path (miniport drivers,
// adapters, counts, the hook). The routines find the registry's tables by
// the id the handle carries (RegistryDirectory.tables(forHandle:): checked,
// not followed) and run RegistryTables's code, which the Swift API runs too;
// the control path borrows the RegistryCore as RegistryExports does. A
// handle that names no live registry reaches no hook: there is no registry
// to tell.

// MARK: - The offload target's side

/// `NdisChimneyCreateRegistryEx`: see ProtocolRegistry.init(driverCapacity:bindingCapacity:miniportDriverCapacity:adapterCapacity:).
@c(NdisChimneyCreateRegistryEx)
@usableFromInline func cCreateRegistryEx(
    _ maxProtocolDrivers: ULONG, _ maxBindings: ULONG, _ maxMiniportDrivers: ULONG, _ maxAdapters: ULONG,
    _ registry: UnsafeMutablePointer<OpaquePointer?>?
) -> NDIS_STATUS {
    createRegistry(
        RegistryCapacities(
            protocolDrivers: Int(maxProtocolDrivers), bindings: Int(maxBindings),
            miniportDrivers: Int(maxMiniportDrivers), adapters: Int(maxAdapters)), into: registry)
}

/// `NdisChimneyRegisterMiniportDriver`: see ProtocolRegistry.registerMiniportDriver.
@c(NdisChimneyRegisterMiniportDriver)
@usableFromInline func cRegisterMiniportDriver(
    _ registry: OpaquePointer?, _ ndisMiniportDriverHandle: UnsafeMutablePointer<NDIS_HANDLE?>?
) -> NDIS_STATUS {
    guard let ndisMiniportDriverHandle else { return NDIS_STATUS_INVALID_PARAMETER }
    let handle = UInt(bitPattern: registry)
    return status { () throws(RegistryError) in
        ndisMiniportDriverHandle.pointee = try RegistryDirectory.withCore(
            for: handle, exact: true, orThrow: .unknownRegistry(handle: handle)
        ) { core throws(RegistryError) in try core.registerMiniportDriver().ndisHandle }
    }
}

/// `NdisChimneyDeregisterMiniportDriver`: see ProtocolRegistry.deregisterMiniportDriver.
@c(NdisChimneyDeregisterMiniportDriver)
@usableFromInline func cDeregisterMiniportDriver(_ ndisMiniportDriverHandle: NDIS_HANDLE?) -> NDIS_STATUS {
    let driver = MiniportDriverHandle(ndisMiniportDriverHandle)
    return status { () throws(RegistryError) in
        try withRegistry(of: driver.rawValue, orThrow: .unknownDriver(handle: driver.rawValue)) {
            core throws(RegistryError) in try core.deregisterMiniportDriver(driver)
        }
    }
}

/// `NdisChimneyAddAdapter`: see ProtocolRegistry.addAdapter.
@c(NdisChimneyAddAdapter)
@usableFromInline func cAddAdapter(
    _ ndisMiniportDriverHandle: NDIS_HANDLE?, _ miniportAdapterContext: NDIS_HANDLE?,
    _ ndisMiniportHandle: UnsafeMutablePointer<NDIS_HANDLE?>?
) -> NDIS_STATUS {
    guard let ndisMiniportHandle else { return NDIS_STATUS_INVALID_PARAMETER }
    let driver = MiniportDriverHandle(ndisMiniportDriverHandle)
    return status { () throws(RegistryError) in
        ndisMiniportHandle.pointee = try withRegistry(
            of: driver.rawValue, orThrow: .unknownDriver(handle: driver.rawValue)
        ) {
            core throws(RegistryError) in
            try core.addAdapter(miniportDriver: driver, context: miniportAdapterContext).ndisHandle
        }
    }
}

/// `NdisChimneyRemoveAdapter`: see ProtocolRegistry.removeAdapter.
@c(NdisChimneyRemoveAdapter)
@usableFromInline func cRemoveAdapter(_ ndisMiniportHandle: NDIS_HANDLE?) -> NDIS_STATUS {
    let adapter = AdapterHandle(ndisMiniportHandle)
    return status { () throws(RegistryError) in
        try withRegistry(of: adapter.rawValue, orThrow: .unknownAdapter(handle: adapter.rawValue)) {
            core throws(RegistryError) in try core.removeAdapter(adapter)
        }
    }
}

/// `NdisChimneyOpenAdapterBinding`: see ProtocolRegistry.openBinding(driver:adapter:context:).
@c(NdisChimneyOpenAdapterBinding)
@usableFromInline func cOpenAdapterBinding(
    _ ndisHandle: NDIS_HANDLE?, _ ndisMiniportHandle: NDIS_HANDLE?, _ protocolBindingContext: NDIS_HANDLE?,
    _ ndisBindingHandle: UnsafeMutablePointer<NDIS_HANDLE?>?
) -> NDIS_STATUS {
    guard let ndisBindingHandle else { return NDIS_STATUS_INVALID_PARAMETER }
    return openBinding(
        driver: DriverHandle(ndisHandle), adapter: AdapterHandle(ndisMiniportHandle), context: protocolBindingContext,
        into: ndisBindingHandle)
}

/// `NdisChimneyQueryAdapterCounts`: see ProtocolRegistry.counts(of:).
@c(NdisChimneyQueryAdapterCounts)
@usableFromInline func cQueryAdapterCounts(
    _ ndisMiniportHandle: NDIS_HANDLE?, _ counts: UnsafeMutablePointer<NDIS_CHIMNEY_ADAPTER_COUNTS>?
) -> NDIS_STATUS {
    guard let counts else { return NDIS_STATUS_INVALID_PARAMETER }
    let adapter = AdapterHandle(ndisMiniportHandle)
    return status { () throws(RegistryError) in
        let found = try withRegistry(of: adapter.rawValue, orThrow: .unknownAdapter(handle: adapter.rawValue)) {
            core throws(RegistryError) in try core.counts(of: adapter)
        }
        counts.pointee = NDIS_CHIMNEY_ADAPTER_COUNTS(
            RefusedCompletions: UInt64(found.refusedCompletions), RefusedIndications: UInt64(found.refusedIndications),
            FailedRequests: UInt64(found.failedRequests))
    }
}

/// `NdisChimneySetOffloadHook`: see ProtocolRegistry.setOffloadHook.
@c(NdisChimneySetOffloadHook)
@usableFromInline func cSetOffloadHook(
    _ registry: OpaquePointer?, _ hook: OffloadHookFunction?, _ context: UnsafeMutableRawPointer?
) -> NDIS_STATUS {
    let handle = UInt(bitPattern: registry)
    return status { () throws(RegistryError) in
        try RegistryDirectory.withCore(for: handle, exact: true, orThrow: .unknownRegistry(handle: handle)) {
            core throws(RegistryError) in core.setOffloadHook(hook, context: context)
        }
    }
}

// MARK: - The WDK's routines

/// Runs one request routine: see ProtocolRegistry.request(_:on:blockList:).
@inline(__always)
private func request(
    _ request: OffloadRequest, _ ndisBindingHandle: NDIS_HANDLE?, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?
) {
    let handle = UInt(bitPattern: ndisBindingHandle)
    RegistryDirectory.tables(forHandle: handle)?.request(request, on: handle, blockList: list)
}

/// Runs one completion routine: see ProtocolRegistry.complete(_:on:blockList:).
@inline(__always)
private func complete(
    _ request: OffloadRequest, _ ndisMiniportHandle: NDIS_HANDLE?, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?
) {
    let handle = UInt(bitPattern: ndisMiniportHandle)
    RegistryDirectory.tables(forHandle: handle)?.complete(request, adapter: handle, blockList: list)
}

/// `NdisInitiateOffload`.
@c(NdisInitiateOffload)
@usableFromInline func cInitiateOffload(_ handle: NDIS_HANDLE?, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?) {
    request(.initiate, handle, list)
}

/// `NdisTerminateOffload`.
@c(NdisTerminateOffload)
@usableFromInline func cTerminateOffload(_ handle: NDIS_HANDLE?, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?) {
    request(.terminate, handle, list)
}

/// `NdisUpdateOffload`.
@c(NdisUpdateOffload)
@usableFromInline func cUpdateOffload(_ handle: NDIS_HANDLE?, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?) {
    request(.update, handle, list)
}

/// `NdisInvalidateOffload`.
@c(NdisInvalidateOffload)
@usableFromInline func cInvalidateOffload(_ handle: NDIS_HANDLE?, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?) {
    request(.invalidate, handle, list)
}

/// `NdisQueryOffloadState`.
@c(NdisQueryOffloadState)
@usableFromInline func cQueryOffloadState(_ handle: NDIS_HANDLE?, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?) {
    request(.query, handle, list)
}

/// `NdisMInitiateOffloadComplete`.
@c(NdisMInitiateOffloadComplete)
@usableFromInline func cMInitiateOffloadComplete(_ handle: NDIS_HANDLE?, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?) {
    complete(.initiate, handle, list)
}

/// `NdisMTerminateOffloadComplete`.
@c(NdisMTerminateOffloadComplete)
@usableFromInline func cMTerminateOffloadComplete(_ handle: NDIS_HANDLE?, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?) {
    complete(.terminate, handle, list)
}

/// `NdisMUpdateOffloadComplete`.
@c(NdisMUpdateOffloadComplete)
@usableFromInline func cMUpdateOffloadComplete(_ handle: NDIS_HANDLE?, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?) {
    complete(.update, handle, list)
}

/// `NdisMInvalidateOffloadComplete`.
@c(NdisMInvalidateOffloadComplete)
@usableFromInline func cMInvalidateOffloadComplete(
    _ handle: NDIS_HANDLE?, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?
) {
    complete(.invalidate, handle, list)
}

/// `NdisMQueryOffloadStateComplete`.
@c(NdisMQueryOffloadStateComplete)
@usableFromInline func cMQueryOffloadStateComplete(_ handle: NDIS_HANDLE?, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?) {
    complete(.query, handle, list)
}

/// `NdisMOffloadEventIndicate`: see ProtocolRegistry.indicateOffloadEvent(on:blockList:code:).
@c(NdisMOffloadEventIndicate)
@usableFromInline func cMOffloadEventIndicate(
    _ handle: NDIS_HANDLE?, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?, _ indicationCode: ULONG
) {
    let adapter = UInt(bitPattern: handle)
    RegistryDirectory.tables(forHandle: adapter)?.indicate(adapter: adapter, blockList: list, code: indicationCode)
}
